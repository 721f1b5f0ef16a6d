"""Full-text search for Chinese (and Latin) text, the same API on SQLite and PostgreSQL.

Text is segmented with jieba (search mode, with the domain dictionary in
`data/jieba_dict.txt`) into lower-case word tokens, which are stored space-joined in one
generic table, `SearchDocument(kind, object_id, org_path, tokens)`. The database then only
has to split on spaces: an FTS5 table (unicode61) ranked with bm25() on SQLite, a GIN index
on a stored to_tsvector('simple', tokens) column ranked with ts_rank() on PostgreSQL (migration
core.0004_search, stored column: 0006).

A query matches a document when every query token is among the document's tokens; the
last query token also matches as a prefix, so typing "钢" already finds "钢铁集团".
Results are scoped like everything else: by prefix of the owning org's path.

    search_index("org", org.pk, org.path, org.name, org.uscc)      # upsert one
    search_index_many("org", ((o.pk, o.path, o.name) for o in orgs))  # upsert in bulk
    search_remove("org", org.pk)
    search_ids("org", "日照 钢铁", org_paths=scope.paths)             # ranked ids
    search_filter(Org.objects.all(), "org", "钢铁", user=user)        # a queryset
    search_page(orgs, "org", "钢铁", user=user, order=("path",), cursor=c)  # a list page

A list page of a search costs in proportion to the page, not to the matches
(`search_page`): the full-text query is limited to a window of matches in the list's own
order, after the page's cursor — see there.
"""

from __future__ import annotations

import itertools
import logging
import re
import tempfile
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, router, transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Substr

with warnings.catch_warnings():
    # jieba 0.42 has invalid escape sequences in its regexes: a SyntaxWarning on stderr
    # whenever its modules are compiled afresh.
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba

from .access import user_scope
from .models_search import SearchDocument
from .pagination import KeysetPage, _coerce, decode_cursor, encode_cursor

DICT_PATH = Path(__file__).resolve().parent / "data" / "jieba_dict.txt"
MAX_QUERY_TOKENS = 16
BATCH_SIZE = 1000

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: what both databases index
_init_lock = threading.Lock()
_ready = False


def _jieba() -> jieba.Tokenizer:
    """jieba's default tokenizer, with the domain dictionary loaded (once per process).

    jieba caches its prefix dictionary in the system temp dir and logs only warnings."""
    global _ready
    if not _ready:
        with _init_lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = tempfile.gettempdir()
                jieba.dt.initialize()
                for word, freq in _domain_words():
                    jieba.dt.add_word(word, freq)
                _ready = True
    return jieba.dt


def _domain_words() -> Iterable[tuple[str, int | None]]:
    for line in DICT_PATH.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, freq = line.partition(" ")
        yield word, int(freq) if freq.strip().isdigit() else None


def _normalise(text: str) -> str:
    """Full-width forms to half-width (NFKC), then lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _words(pieces: Iterable[str]) -> Iterable[str]:
    """The letter-and-digit runs of jieba's pieces: punctuation and spaces are dropped, and
    a piece such as "3.5%" becomes "3", "5", as both databases would split it."""
    for piece in pieces:
        yield from _WORD.findall(piece)


def _long_subwords(tok: jieba.Tokenizer, word: str) -> Iterable[str]:
    """Dictionary words of 4+ characters inside a longer word. cut_for_search adds only
    the 2- and 3-character ones, so "全国示范性劳模和工匠人才创新工作室" would otherwise not
    be found by "创新工作室", nor "…集团有限公司" by "有限公司"."""
    n = len(word)
    for size in range(4, n):
        for start in range(n - size + 1):
            sub = word[start : start + size]
            if tok.FREQ.get(sub):
                yield sub


def tokenize(text: str) -> list[str]:
    """Search-mode tokens of `text`: lower-cased, punctuation dropped, duplicates kept (they
    weigh in the ranking). Long words also give their dictionary sub-words."""
    if not text:
        return []
    tok = _jieba()
    pieces: list[str] = []
    # HMM off: unknown words stay single characters instead of guessed compounds, so that
    # a partly typed query segments the same way as the stored text.
    for piece in tok.cut_for_search(_normalise(text), HMM=False):
        pieces.append(piece)
        if len(piece) > 4 and not piece.isascii():
            pieces.extend(_long_subwords(tok, piece))
    return list(_words(pieces))


def query_tokens(query: str) -> list[str]:
    """The tokens a query must all match, the last one (as typed) as a prefix. Precise mode
    suffices: every word of the query is among a matching document's search-mode tokens."""
    if not query:
        return []
    words = list(_words(_jieba().cut(_normalise(query), HMM=False)))
    if not words:
        return []
    last = words[-1]
    exact = [w for w in dict.fromkeys(words[:-1]) if w != last]
    return [*exact[: MAX_QUERY_TOKENS - 1], last]


# --- writes ---------------------------------------------------------------------------


def search_index(kind: str, object_id: int, org_path: str, *texts: str | None) -> None:
    """Index (or re-index) one object from its texts."""
    search_index_many(kind, [(object_id, org_path, " ".join(t for t in texts if t))])


def search_index_many(kind: str, rows: Iterable[tuple[int, str, str]]) -> int:
    """Index (or re-index) many objects: `rows` of (object_id, org_path, text), upserted in
    batches. Returns the number of rows."""
    db = router.db_for_write(SearchDocument)
    count = 0
    with transaction.atomic(using=db):
        for batch in itertools.batched(rows, BATCH_SIZE):
            docs = [
                SearchDocument(
                    kind=kind,
                    object_id=object_id,
                    org_path=org_path,
                    tokens=" ".join(tokenize(text)),
                )
                for object_id, org_path, text in batch
            ]
            SearchDocument.objects.using(db).bulk_create(
                docs,
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=["org_path", "tokens"],
            )
            count += len(docs)
    return count


def search_remove(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def search_repath(old_prefix: str, new_prefix: str) -> int:
    """After a subtree moved from `old_prefix` to `new_prefix`: one UPDATE rewrites the
    org_path of every document (of any kind) in it. Tokens are untouched."""
    if not old_prefix or old_prefix == new_prefix:
        return 0
    return SearchDocument.objects.filter(org_path__startswith=old_prefix).update(
        org_path=Concat(Value(new_prefix), Substr("org_path", len(old_prefix) + 1))
    )


# --- reads ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    """`FROM … WHERE …` selecting the matching documents as `d`, its params, and the
    ORDER BY expression of their rank (best first). The SQL text is made of constants and
    %s placeholders only: query text, kind and paths travel as bound parameters."""

    from_where: str
    params: list
    rank: str


def _match(vendor: str, kind: str, query: str, org_paths: tuple[str, ...]) -> _Match | None:
    tokens = query_tokens(query)
    paths = [p for p in org_paths if p]
    if not tokens or not paths:
        return None
    scope_sql = " OR ".join(["substr(d.org_path, 1, %s) = %s"] * len(paths))
    scope_params: list = [x for p in paths for x in (len(p), p)]
    *exact, last = tokens
    if vendor == "sqlite":
        # Tokens are letters and digits only, so they need no escaping inside "…".
        expr = " ".join([*(f'"{t}"' for t in exact), f'"{last}"*'])
        return _Match(
            "core_searchdocument_fts"
            # CROSS JOIN pins the join order: the FTS MATCH runs once, as the outer loop
            # (without table statistics SQLite otherwise ran it once per document)
            " CROSS JOIN core_searchdocument d ON d.id = core_searchdocument_fts.rowid"
            " WHERE core_searchdocument_fts MATCH %s AND d.kind = %s"
            f" AND ({scope_sql})",
            [expr, kind, *scope_params],
            "bm25(core_searchdocument_fts)",
        )
    if vendor == "postgresql":
        # d.tsv: to_tsvector('simple', tokens), stored, with the GIN index on it
        # (migration core 0006).
        expr = " & ".join([*(f"'{_tsq(t)}'" for t in exact), f"'{_tsq(last)}':*"])
        return _Match(
            "core_searchdocument d, to_tsquery('simple', %s) q"
            " WHERE d.tsv @@ q AND d.kind = %s"
            f" AND ({scope_sql})",
            [expr, kind, *scope_params],
            "ts_rank(d.tsv, q, 1) DESC",
        )
    raise NotImplementedError(f"search is not implemented for {vendor}")


def _tsq(token: str) -> str:
    return token.replace("\\", "\\\\").replace("'", "''")


def search_ids(
    kind: str,
    query: str,
    *,
    org_paths: tuple[str, ...],
    limit: int = 1000,
    using: str | None = None,
) -> list[int]:
    """Ids of the `kind` objects under `org_paths` that match every token of `query`, best
    match first (ties by id)."""
    conn = connections[using or router.db_for_read(SearchDocument)]
    match = _match(conn.vendor, kind, query, tuple(org_paths))
    if match is None:
        return []
    # _match builds SQL from constants only; every value is a bound parameter.
    sql = (
        f"SELECT d.object_id FROM {match.from_where}"  # noqa: S608
        f" ORDER BY {match.rank}, d.object_id LIMIT %s"
    )
    with conn.cursor() as cursor:
        cursor.execute(sql, [*match.params, limit])
        return [row[0] for row in cursor.fetchall()]


def search_filter[QS: QuerySet](qs: QS, kind: str, query: str, *, user) -> QS:
    """`qs` narrowed to the objects matching `query` in the user's scope (one subquery, no
    limit; the queryset keeps its own ordering). Nothing when the query has no words."""
    match = _match(connections[qs.db].vendor, kind, query, user_scope(user).paths)
    if match is None:
        return qs.none()
    subquery = f"SELECT d.object_id FROM {match.from_where}"  # noqa: S608 (constants only)
    return qs.filter(pk__in=RawSQL(subquery, match.params))  # noqa: S611


# --- a list page of a search ----------------------------------------------------------------

INNER_LIMIT = 200  # matches in the first window of a page (at least the page size + 1)
INNER_MAX = 12_800  # past this window the rest of the page takes every match after the cursor
GROWTH = 4
# The list's ordering field → the search document's column holding the same value: the
# object's id, or (for objects indexed under their own path: orgs) the path.
KEY_COLUMNS = {"id": "object_id", "pk": "object_id", "path": "org_path"}


def _narrow(paths: tuple[str, ...], under: str | None) -> tuple[str, ...]:
    """The scope `paths` cut down to the subtree `under` (when given)."""
    if under is None:
        return paths
    if any(under.startswith(p) for p in paths):
        return (under,)
    return tuple(p for p in paths if p.startswith(under))


def _window_sql(vendor, match: _Match, column: str, desc: bool, after, limit: int):
    """The first `limit` matches after `after` in the list's order: (object_id, key)."""
    op, direction = ("<", "DESC") if desc else (">", "ASC")
    cond = "" if after is None else f" AND d.{column} {op} %s"
    params = [*match.params, *([] if after is None else [after])]
    sql = (
        f"SELECT d.object_id, d.{column} FROM {match.from_where}{cond}"  # noqa: S608
        f" ORDER BY d.{column} {direction} LIMIT %s"
    )
    return sql, [*params, limit]


def search_page(
    qs: QuerySet,
    kind: str,
    query: str,
    *,
    user,
    order: tuple[str],
    cursor: str | None = None,
    size: int = 50,
    under: str | None = None,
    also: Q | None = None,
    inner_limit: int | None = None,
) -> KeysetPage:
    """A keyset page of `qs` narrowed to the `kind` objects matching `query` in the user's
    scope (and under the path `under`, if given), or to `also` (e.g. an exact code), in
    `order` — one field, the object's id or, for objects indexed under their own path, the
    path. Same pages as `keyset_page(search_filter(qs, …) | qs.filter(also), …)`.

    The full-text query is not asked for every match (a common word matches most of the
    index): it gives a window of the first `inner_limit` matches after the cursor, in the
    list's order. When the window is full its last key bounds the page query, so the
    page holds exactly the rows of (cursor, bound]; when `qs`'s own filters (kind, region,
    …) leave too few rows for a page there, the next window starts at the bound, 4 times
    larger, and past INNER_MAX the page takes every match after the cursor (what a search
    cost before). A typical page: two queries, the window and the page, each in
    proportion to the page."""
    (name,) = order
    field, desc = name.lstrip("-"), name.startswith("-")
    column = KEY_COLUMNS[field]
    size = max(1, min(size, 500))
    qs = qs.order_by(name)
    after = _coerce(qs, order, decode_cursor(cursor, 1))[0] if cursor else None
    match = _match(
        connections[qs.db].vendor, kind, query, _narrow(tuple(user_scope(user).paths), under)
    )
    beyond, upto = (f"{field}__lt", f"{field}__gte") if desc else (f"{field}__gt", f"{field}__lte")
    limit = max(inner_limit or INNER_LIMIT, 1 if inner_limit else size + 1)
    rows: list = []
    while True:
        bound = None
        if match is None:
            cond = Q(pk__in=[])
        elif limit > INNER_MAX:
            rest = f"SELECT d.object_id FROM {match.from_where}"  # noqa: S608 (constants only)
            params = list(match.params)
            if after is not None:
                rest += f" AND d.{column} {'<' if desc else '>'} %s"
                params.append(after)
            cond = Q(pk__in=RawSQL(rest, params))  # noqa: S611
        else:
            sql, params = _window_sql(connections[qs.db].vendor, match, column, desc, after, limit)
            with connections[qs.db].cursor() as c:
                c.execute(sql, params)
                window = c.fetchall()
            if len(window) == limit:
                bound = window[-1][1]
            cond = Q(pk__in=[object_id for object_id, _key in window])
        part = qs.filter(cond | also) if also is not None else qs.filter(cond)
        if after is not None:
            part = part.filter(**{beyond: after})
        if bound is not None:
            part = part.filter(**{upto: bound})
        rows += part[: size + 1 - len(rows)]
        if len(rows) > size or bound is None:
            break
        after, limit = bound, limit * GROWTH
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor([getattr(rows[-1], field)])
    return KeysetPage(items=rows, next_cursor=next_cursor, cursor=cursor, size=size)
