"""Whatever bytes arrive, the chain ends in records, a reason, or an error entry: never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iomcrawl.extraction import extract_page
from iomcrawl.schema import schema_errors

FRAGMENTS = [
    "<html>", "<body>", "<p>", "</p>", "<h1>", "</h1>", "<br>", "<div class='sidebar'>", "</div>", "<td>", "<table>",
    "IOM ", "Geneva – ", "said Amina Diallo, IOM Chief of Mission. ", "“We act,” ", "Tel: +41 22 717 9111 ",
    "For further information, please contact ", "\"mailto:x@iom.int\">x@iom.int", "Posted: Tuesday, April 4, 2017 - 16:33",
    "© IOM 2007", "\n", "\n\n", "Fri, 08/03/2018 - 09:20", "â€™", "\x92", "&#109;&#64;", "<!--", "<script>", "ﬁ",
]  # fmt: skip
pages = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(FRAGMENTS), max_size=80).map(lambda parts: "".join(parts).encode("utf-8")),
    st.lists(st.sampled_from(FRAGMENTS), max_size=80).map(
        lambda parts: "".join(parts).encode("cp1252", "replace")
    ),
)


@settings(max_examples=300, deadline=None)
@given(body=pages, as_text=st.booleans())
def test_chain_never_raises_and_records_are_valid(body: bytes, as_text: bool) -> None:
    result = extract_page(body, "https://www.iom.int/news/x", content_type="text/plain" if as_text else None)
    assert result.status in ("records", "no-release")
    assert (result.status == "records") == bool(result.records)
    assert result.status == "records" or result.reason
    for record in result.records:
        assert schema_errors(record) == []
