"""The clean stage: apply the boilerplate rules to a source's lines, recording every removal."""

from __future__ import annotations

import dataclasses

from site_builder.model import Field, RemovedLine, Source, combine
from site_builder.sources.clean_rules import Context, Rule
from site_builder.sources.clean_rules import rules as all_rules


def clean(source: Source, rules: tuple[Rule, ...] | None = None) -> Source:
    """Return `source` with boilerplate lines removed, each recorded with its rule (`rules`, by
    default every registered one), and the metadata those lines carried merged under any declared values."""
    removed: dict[int, RemovedLine] = {}
    found: dict[str, Field] = {}
    remaining = source.lines
    for rule in all_rules() if rules is None else rules:
        removed_before = len(removed)
        for finding in rule.find(Context(remaining, source.lines, source.line_label)):
            for name, value in finding.fields.items():
                found.setdefault(name, value)
            if finding.remove and finding.line.number not in removed:
                removed[finding.line.number] = RemovedLine(finding.line.number, finding.line.text, rule.name)
        if len(removed) != removed_before:
            remaining = tuple(line for line in source.lines if line.number not in removed)
    return dataclasses.replace(
        source,
        lines=remaining,
        removed=tuple(sorted(removed.values(), key=lambda r: r.line)),
        fields=combine(source.fields, found),
    )
