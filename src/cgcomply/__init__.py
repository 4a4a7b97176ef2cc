"""cgcomply: Common Ground tender requirements and NL GOV API Design Rules verification."""

__version__ = "0.1.0"

__all__ = ["__version__"]
