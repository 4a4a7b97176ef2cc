"""VNG API standards: the registry of standard versions, their pinned documents, and conformance.

- :mod:`~cgcomply.standards.registry`: the registry data (``standards/registry.json``).
- :mod:`~cgcomply.standards.store`: documents fetched on demand into the user's cache and verified by
  sha256, or read offline from ``--standards-dir``.
- :mod:`~cgcomply.standards.conform`: does an implementation's document (and live API) implement a
  standard version? The comparison rules live in :mod:`cgcomply.standards.rules`, one file per family.
"""
