"""Issue 9 item 5: a ``--lang nl`` report has no English sentences, a ``--lang en`` report none in Dutch.

A failing run of the example API (three break modes) is verified once with ``--lang nl``, written in every
format with ``--also``; the stored JSON is read back and rendered in English. Each format is scanned for
common words of the other language, line by line. What is quoted is left out of the scan: URLs, code
(backticks, ``<code>``, ``<pre>``, fenced blocks), text in quotes, response bodies, the profile's own title,
and the parameters of evidence notes (protocol and cipher-suite names, a server's or a scanner's own words).
The notes themselves are scanned: they are messages rendered in the report's language (schema 4). The
committed sample of schema 4 (transport failures, redirects, a cut-off body, a handshake listing) is scanned
the same way. The JSON report holds no rendered text (message ids with parameters) and is checked for that
instead.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from cgcomply.demo.server import start_demo_server
from cgcomply.i18n import Message, quoted
from cgcomply.i18n import render as render_message
from cgcomply.report import render
from cgcomply.report.model import Report

BREAKS = ("no-version-header", "plain-errors", "missing-security-headers")
FORMATS = {"text": "txt", "md": "md", "html": "html", "junit": "xml", "sarif": "sarif"}

#: Common English words that are not Dutch words too (no "is", "was", "of", "in", "op").
ENGLISH = frozenset(
    [
        "the",
        "and",
        "with",
        "does",
        "could",
        "cannot",
        "should",
        "this",
        "that",
        "which",
        "from",
        "has",
        "have",
        "been",
        "are",
        "every",
        "none",
        "only",
        "when",
        "where",
        "than",
        "there",
        "would",
        "will",
        "what",
        "why",
        "how",
        "found",
        "missing",
        "supply",
        "given",
        "sent",
        "received",
        "followed",
        "passed",
        "other",
        "not",
        "to",
        "by",
        "its",
        "be",
        "any",
        "all",
        "no",
        "was",
        "an",
        "for",
        "a",
        "person",
        "must",
    ]
)
#: Common Dutch words that are not English words too.
DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "niet",
        "geen",
        "wordt",
        "worden",
        "van",
        "voor",
        "met",
        "bij",
        "naar",
        "zijn",
        "heeft",
        "moet",
        "deze",
        "dit",
        "elke",
        "alle",
        "en",
        "ook",
        "maar",
        "geslaagd",
        "gefaald",
        "eis",
        "eisen",
        "controle",
        "controles",
        "antwoord",
        "verzoek",
        "bevinding",
        "bevindingen",
        "voldoet",
        "handmatig",
        "vastgesteld",
        "toelichting",
        "waarom",
        "getest",
        "oplossen",
    ]
)
_WORD = re.compile(r"(?<![\w/.\-])[A-Za-z]+(?![\w/\-]|\.\w)")


def _strings_of(message: Message) -> list[str]:
    """The string parameters of a message, nested messages included: what it quotes."""
    found: list[str] = []
    for value in message.params.values():
        if isinstance(value, Message):
            found.extend(_strings_of(value))
        elif isinstance(value, str) and value.strip():
            found.append(value)
    return found


def _quoted_parts(report: Report) -> list[str]:
    """Text the report quotes: the parameters of evidence notes, bodies, the profile's title."""
    parts: list[str] = []
    for check in report.checks:
        for finding in check.findings:
            evidence = finding.evidence
            if evidence is None:
                continue
            if evidence.note is not None:
                assert isinstance(evidence.note, Message), evidence.note  # never a rendered sentence
                parts.extend(_strings_of(evidence.note))
            if evidence.body:
                parts.extend(line.strip() for line in evidence.body.splitlines() if line.strip())
    if report.profile is not None and report.profile.title:
        parts.append(report.profile.title)
    return sorted(set(parts), key=len, reverse=True)


def _scannable(text: str, fmt: str, quoted: list[str]) -> str:
    if fmt == "sarif":
        texts: list[str] = []

        def walk(node: object, key: str | None = None) -> None:
            if isinstance(node, dict):
                for name, value in node.items():
                    if name != "evidence":
                        walk(value, name)
            elif isinstance(node, list):
                for item in node:
                    walk(item, key)
            elif isinstance(node, str) and key in ("text", "markdown", "justification", "title", "reason"):
                texts.append(node)

        walk(json.loads(text))
        text = "\n".join(texts)
    if fmt == "html":
        text = re.sub(r"<(style|code|pre)[^>]*>.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
    if fmt in ("html", "junit"):
        text = html.unescape(text)
    if fmt == "md":
        text = re.sub(r"```.*?```", " ", text, flags=re.S)
        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)  # md_cell's escapes
    if fmt == "junit":
        text = re.sub(r"\n  body:\n(?:    .*\n)*", "\n", text)
    for part in quoted:
        text = text.replace(part, " ")
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])", " ", text)  # not the apostrophe of "URL's"
    return re.sub(r'"[^"\n]*"', " ", text)


def _foreign_lines(text: str, words: frozenset[str]) -> list[str]:
    found = []
    for line in text.splitlines():
        hits = [w for w in _WORD.findall(line) if w.lower() in words]
        if len(set(h.lower() for h in hits)) >= 2:
            found.append(f"{sorted(set(hits))}: {line.strip()[:200]}")
    return found


def test_no_english_in_dutch_reports_and_no_dutch_in_english_ones(tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    with start_demo_server(breaks=BREAKS) as server:
        args = [
            sys.executable,
            "-m",
            "cgcomply.cli",
            "verify",
            "--profile",
            "cg-basis",
            "--url",
            server.base_url,
            "--cacert",
            str(server.ca_path),
            "--lang",
            "nl",
            "--format",
            "json",
            "-o",
            str(out / "rapport.json"),
            *[f"--also={fmt}:{out / ('rapport.' + ext)}" for fmt, ext in FORMATS.items()],
        ]
        result = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr  # a failing run
    stored = json.loads((out / "rapport.json").read_text(encoding="utf-8"))
    report = Report.from_dict(stored)
    quoted = _quoted_parts(report)
    problems: list[str] = []
    for fmt, ext in FORMATS.items():
        dutch = (out / f"rapport.{ext}").read_text(encoding="utf-8")
        problems += [f"nl {fmt}: {line}" for line in _foreign_lines(_scannable(dutch, fmt, quoted), ENGLISH)]
        english = render(report, fmt, "en")
        problems += [f"en {fmt}: {line}" for line in _foreign_lines(_scannable(english, fmt, quoted), DUTCH)]
    assert problems == [], "\n".join(problems[:40])


SAMPLE_4 = Path(__file__).parent / "fixtures" / "report" / "sample-report-4.json"


def _problems(report: Report, nl_texts: dict[str, str] | None = None) -> list[str]:
    quoted = _quoted_parts(report)
    problems: list[str] = []
    for fmt in FORMATS:
        dutch = nl_texts[fmt] if nl_texts is not None else render(report, fmt, "nl")
        problems += [f"nl {fmt}: {line}" for line in _foreign_lines(_scannable(dutch, fmt, quoted), ENGLISH)]
        english = render(report, fmt, "en")
        problems += [f"en {fmt}: {line}" for line in _foreign_lines(_scannable(english, fmt, quoted), DUTCH)]
    return problems


def test_the_evidence_notes_of_the_schema_4_sample_are_in_the_report_language() -> None:
    report = Report.from_dict(json.loads(SAMPLE_4.read_text(encoding="utf-8")))
    assert _problems(report) == []


def test_an_english_evidence_note_in_a_dutch_report_is_found_and_the_other_way_round() -> None:
    """The scan reads the notes: the notes of the sample rendered in the other language (as they were
    before schema 4: English text in every report) fail it, in every format that shows evidence."""
    report = Report.from_dict(json.loads(SAMPLE_4.read_text(encoding="utf-8")))
    for lang, words, other in (("nl", ENGLISH, "en"), ("en", DUTCH, "nl")):
        wrong = Report.from_dict(report.to_dict())
        for check in wrong.checks:
            for finding in check.findings:
                if finding.evidence is not None and finding.evidence.note is not None:
                    # the note as text of the other language (quoted: the same in every language)
                    finding.evidence.note = quoted(render_message(finding.evidence.note, other))
        skipped = _quoted_parts(report)
        for fmt in ("text", "md", "html", "junit"):
            found = _foreign_lines(_scannable(render(wrong, fmt, lang), fmt, skipped), words)
            assert found, (lang, fmt)
            assert not _foreign_lines(_scannable(render(report, fmt, lang), fmt, skipped), words), (lang, fmt)


def test_the_scan_finds_a_sentence_of_the_other_language() -> None:
    """The scan itself can fail: an English sentence in Dutch text, and the other way round, are found."""
    assert _foreign_lines("Controle: the response does not carry the header", ENGLISH)
    assert _foreign_lines("Check: het antwoord heeft geen header", DUTCH)
    assert not _foreign_lines("Controle: het antwoord heeft geen header no-store", ENGLISH)
