"""The relevance set of the search (directory/data/relevance/) and its figures: hit@3 and MRR.

Each query lists the services a good directory shows among the first three; a hit is one of
them in the first three results, the reciprocal rank is 1/rank of the first of them (0 when
none is in the first RANK_DEPTH). Crisis queries must also show the crisis box and put one of
their services first.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

RELEVANCE_DIR = Path(__file__).resolve().parent / "data" / "relevance"
SET_NAMES = ("before", "after")
HIT_DEPTH = 3
RANK_DEPTH = 20


@dataclass
class Outcome:
    query: str
    language: str
    part: str
    expected: list[str]
    ranking: list[str]
    crisis: bool = False
    crisis_shown: bool = False

    @property
    def rank(self) -> int | None:
        return next((i for i, slug in enumerate(self.ranking, 1) if slug in self.expected), None)

    @property
    def hit(self) -> bool:
        return self.rank is not None and self.rank <= HIT_DEPTH

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.rank if self.rank else 0.0

    @property
    def crisis_missed(self) -> bool:
        return self.crisis and not (self.crisis_shown and self.rank == 1)


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def hit_at_3(self) -> float:
        return sum(o.hit for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mrr(self) -> float:
        total = sum(o.reciprocal_rank for o in self.outcomes)
        return total / len(self.outcomes) if self.outcomes else 0.0

    def where(self, **conditions) -> "Figures":
        return Figures(
            [o for o in self.outcomes if all(getattr(o, k) == v for k, v in conditions.items())]
        )

    @property
    def crisis_misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.crisis_missed]


def load_queries(parts=SET_NAMES) -> list[dict]:
    queries = []
    for part in parts:
        data = json.loads((RELEVANCE_DIR / f"{part}.json").read_text(encoding="utf-8"))
        queries += [{**query, "part": part} for query in data["queries"]]
    return queries


def evaluate(parts=SET_NAMES) -> Figures:
    """Run every query of the set through the resident's search (published, active services,
    ``Service.objects.search``) on the default database."""
    from directory.models import Service
    from directory.search import RESULT_CAP, understand

    outcomes = []
    for query in load_queries(parts):
        results = Service.objects.published().active().search(query["q"], limit=RESULT_CAP + 1)
        ranking = list(results.values_list("slug", flat=True)[:RANK_DEPTH])
        outcomes.append(
            Outcome(
                query=query["q"],
                language=query["lang"],
                part=query["part"],
                expected=query["expect"],
                ranking=ranking,
                crisis=query.get("crisis", False),
                crisis_shown=understand(query["q"]).is_crisis,
            )
        )
    return Figures(outcomes)
