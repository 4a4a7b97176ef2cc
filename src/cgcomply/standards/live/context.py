"""One live run: the client, the budget, the standard's side, and what the crawl of its GET operations read.

The crawl runs once and every unit reads from it: each GET operation of the standard is asked once with
its path parameters filled from data read earlier (``/zaken/{uuid}`` from an item of ``/zaken``,
``/zaken/{zaak_uuid}/rollen`` likewise), parents first. Units that need more requests (a filter, a HEAD,
an ``If-None-Match``) send them through :meth:`LiveRun.get`, which spends the budget.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cgcomply.standards.normalise import Operation, Side
from cgcomply.standards.registry import StandardVersion

PARAM = re.compile(r"\{[^}]*\}")


class BudgetExceeded(Exception):
    """The run's request or time budget is used up; nothing more is sent."""


@dataclass
class Budget:
    max_requests: int = 200
    max_seconds: float = 60.0
    used: int = 0
    hit: bool = False  # a request was refused for the budget
    started: float = field(default_factory=time.monotonic)

    def spend(self) -> None:
        if self.used >= self.max_requests or time.monotonic() - self.started > self.max_seconds:
            self.hit = True
            raise BudgetExceeded()
        self.used += 1


@dataclass
class Fetched:
    """One GET operation of the standard as the crawl asked it."""

    op: Operation
    url: str
    exchange: Any  # cgcomply.http.Exchange
    body: Any  # the JSON body of a 200, else None

    @property
    def status(self) -> int | None:
        return self.exchange.status

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The items of a list answer (a paginated ``results`` or a plain array)."""
        body = self.body
        rows = body.get("results") if isinstance(body, dict) else body if isinstance(body, list) else None
        return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []

    @property
    def is_list(self) -> bool:
        return not self.op.path.endswith("}")


@dataclass
class LiveRun:
    base: str  # the API root, without a trailing slash
    client: Any  # cgcomply.http.SafeClient
    budget: Budget
    side: Side
    standard: StandardVersion
    log: list[str] = field(default_factory=list)
    _crawl: list[Fetched] | None = None
    skipped: list[Operation] = field(default_factory=list)  # GET operations with no data to fill them
    memo: dict[str, Any] = field(default_factory=dict)  # answers two units share (asked once)
    answers: int = 0  # requests that got an HTTP answer (any status); 0 after requests: unreachable
    last_error: str | None = None  # the transport error of the last request without an answer

    def url(self, path: str) -> str:
        return self.base + path

    def get(
        self,
        url: str,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        credentials: bool = True,
    ) -> Any:
        self.budget.spend()
        exchange = self.client.request(method, url, headers=dict(headers or {}), credentials=credentials)
        self.log.append(f"{method} {exchange.redact(url)} -> {exchange.status or exchange.error_kind}")
        if exchange.status is None:
            self.last_error = str(exchange.error_kind)
        else:
            self.answers += 1
        return exchange

    def operations(self, method: str) -> list[Operation]:
        return [op for op in self.side.operations.values() if op.method == method]

    def crawl(self) -> list[Fetched]:
        """Every GET operation of the standard that could be filled, asked once (cached)."""
        if self._crawl is None:
            self._crawl = []
            with contextlib.suppress(BudgetExceeded):
                self._run_crawl(self._crawl)
        return self._crawl

    def fetched(self, op: Operation) -> Fetched | None:
        return next((f for f in self.crawl() if f.op.key == op.key), None)

    def _run_crawl(self, out: list[Fetched]) -> None:
        ops = sorted(self.operations("get"), key=lambda op: (len(PARAM.findall(op.path)), shape(op.path)))
        filled: dict[str, str] = {}  # path template -> a concrete URL read from data
        for op in ops:
            url = self._fill(op.path, filled, out)
            if url is None:
                self.skipped.append(op)
                continue
            url = self._required_query(op, url, out)
            send = {"Accept-Crs": "EPSG:4326"} if ("header", "accept-crs") in op.params else {}
            exchange = self.get(url, headers=send)
            body = exchange.json() if exchange.status == 200 else None
            fetched = Fetched(op, url, exchange, body)
            out.append(fetched)
            filled[shape(op.path)] = url

    def _required_query(self, op: Operation, url: str, done: list[Fetched]) -> str:
        """``url`` with each required query parameter filled from data read earlier: a field of that name
        in a row, or the first value of its plural (``clientId`` from ``clientIds``); else left out."""
        for (where, name), param in op.params.items():
            if where != "query" or not (isinstance(param.value, dict) and param.value.get("required")):
                continue
            value = _value_from(done, name)
            if value is not None:
                url += f"{'&' if '?' in url else '?'}{quote(name)}={quote(value, safe='')}"
        return url

    def _fill(self, path: str, filled: dict[str, str], done: list[Fetched]) -> str | None:
        """A concrete URL for ``path``: no parameters as it is; ``<collection>/{x}`` from the ``url`` of
        the first item of that collection (it must lie under the base URL); else None."""
        if not PARAM.search(path):
            return self.url(path)
        head, _, last = path.rpartition("/")
        if PARAM.fullmatch(last):
            collection = next((f for f in done if shape(f.op.path) == shape(head) and f.rows), None)
            if collection is None:
                return None
            found = collection.rows[0].get("url")
            if isinstance(found, str) and found.startswith(self.base + "/"):
                return found
            return None
        # a nested collection, /zaken/{zaak_uuid}/rollen: fill the parent, then append the rest
        parent, rest = _split_at_last_param(path)
        if parent is None:
            return None
        parent_url = filled.get(shape(parent))
        return parent_url + rest if parent_url else None


def _value_from(done: list[Fetched], name: str) -> str | None:
    for fetched in done:
        for row in fetched.rows[:1]:
            value = row.get(name)
            plural = row.get(name + "s")
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)
            if isinstance(plural, list) and plural and isinstance(plural[0], str | int):
                return str(plural[0])
    return None


def shape(path: str) -> str:
    """``/zaken/{zaak_uuid}/rollen`` -> ``/zaken/{}/rollen``: parameter names do not matter."""
    return PARAM.sub("{}", path)


def _split_at_last_param(path: str) -> tuple[str | None, str]:
    matches = list(PARAM.finditer(path))
    if not matches:
        return None, path
    end = matches[-1].end()
    return path[:end], path[end:]
