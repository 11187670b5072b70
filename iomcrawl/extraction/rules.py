"""The numbers that decide what a release looks like, in one place.

Every value was set against the labelled fixtures and the dev set of legacy IOM pages; the comment on
each says what it guards against. Changing one changes which pages give releases, so a change here
needs the fixture scores re-run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseRules:
    """Thresholds for turning content units into releases: headlines, prose, headers, contacts, rejections."""

    # --- text renderings: hard-wrapped lines back into paragraphs and headings ---------------------------
    wrap_min_line_chars: int = 30  # shorter lines (labels, headings) say nothing about the wrap width
    wrap_min_lines: int = 4  # fewer long lines than this is too little to call a page hard-wrapped
    wrap_max_width: int = 100  # longer lines are unwrapped paragraphs, not a fixed-width rendering
    wrap_min_share: float = 0.5  # at least half the long lines must fit the width for it to be a wrap
    wrap_short_line_share: float = 0.6  # a line well short of the width ends its paragraph
    text_heading_min_words: int = 3  # 'News', 'Contact us': too short to be a release's headline
    text_heading_max_words: int = 30  # longer is a sentence that happens to be capitalised
    text_heading_title_case: float = 0.75  # share of capitalised words that makes a line a headline
    section_blank_lines: int = 2  # two blank lines in a text dump end a section
    unspaced_chars_per_word: int = 2  # Japanese, Chinese: no spaces; about this many characters a word

    # --- briefing items: 'COUNTRY – Headline – body…' in one paragraph (early 2000s briefing notes) ------
    briefing_item_scan_chars: int = 400  # place and title sit at the paragraph's start
    briefing_place_max_words: int = 4  # 'AFGHANISTAN', 'EAST TIMOR', 'Bosnia and Herzegovina'
    briefing_place_max_chars: int = 40  # a place, not a clause

    # --- datelines ---------------------------------------------------------------------------------------
    dateline_scan_chars: int = 300  # 'Rome, 30 July 2019 (IOM) –' fits; the patterns never read further

    # --- header and caption lines -----------------------------------------------------------------------
    posted_line_max_words: int = 40  # a 'Posted on …' line longer than this is prose that says 'posted'
    caption_max_words: int = 45  # a photo caption is short; a paragraph crediting a photo is body text

    # --- headlines --------------------------------------------------------------------------------------
    heading_max_rough_words: int = 60  # a <h1> longer than this is a paragraph styled as a heading
    line_headline_max_rough_words: int = 36  # the same cut for a plain line, decided before any pattern
    heading_min_words: int = 2  # a one-word heading is a section label ('Background')
    heading_max_words: int = 40  # long real headlines exist; beyond this it is a lead paragraph
    line_headline_min_words: int = 3  # a plain line needs more words than a heading to count
    line_headline_max_words: int = 30  # and fewer: a Title Case sentence is not a headline
    line_headline_title_case: float = 0.75  # share of capitalised words in a plain-line headline

    # --- lines around a release that are neither headline nor body (vocabulary/pages.py) ----------------
    byline_max_words: int = 12  # 'By Maria Lopez, IOM Kenya': a byline is a short line
    stub_max_words: int = 15  # 'Download the statement (PDF)', 'READ ALSO: …', 'Last updated …': short lines

    # --- headline by agreement with the page's own title (<title>, og:title, <h1>) ----------------------
    title_agree_min_share: float = 0.5  # a candidate inside the title (or the title inside it) is this big
    title_agree_min_words: int = 2  # a one-word title ('News') agrees with nothing
    title_agree_max_chars: int = 400  # a longer line is a paragraph, whatever it shares with the title

    # --- body prose -------------------------------------------------------------------------------------
    prose_min_words: int = 20  # this long, a paragraph is prose whether or not it ends a sentence
    prose_min_words_terminal: int = 4  # a short paragraph is prose only when it ends a sentence
    office_card_max_sentence_ends: int = 2  # fewer sentence ends than this next to 'Tel.' is an address card

    # --- header lines between headline and body ---------------------------------------------------------
    header_max_lines: int = 8  # date, tags, caption, tools: never more than this on a real release
    field_dump_max_lines: int = 24  # a CMS field dump ('Region:', its value, …) may run this long
    field_dump_label_max_words: int = 4  # but only with short label or value lines past header_max_lines
    field_label_max_words: int = 3  # 'Region:' then its value: the value is no headline
    dated_header_max_other_words: int = 6  # a header date line carries weekday, time or byline, no more

    # --- contact blocks ---------------------------------------------------------------------------------
    contact_start_scan_chars: int = 120  # 'For further information' opens the paragraph, not its tail
    contact_start_max_offset: int = 40  # and starts within this many characters of the start
    contact_name_max_words: int = 6  # a name or office line in a contact block is short
    contact_name_title_case: float = 0.99  # and fully capitalised, so a sentence is never taken for one
    contact_data_lookahead: int = 3  # a name line needs contact data within this many lines after it

    # --- dates around several releases (briefing-notes bundles) -----------------------------------------
    bundle_header_max_words: int = 16  # a bundle's header line with its one date, title and spokesperson
    bundle_date_lookback: int = 12  # lines above the first headline searched for the bundle's date
    bundle_intro_max_words: int = 60  # a bundle's short introduction may stand between date and headline
    header_lines_before_headline: int = 2  # a header may begin in the lines trailing the previous release
    bundle_min_contact_blocks: int = (
        2  # this many candidates with contact blocks: several releases, no sections
    )
    subheading_date_lookback: int = 2  # a date just above a lower heading makes it a release of its own

    # --- accepting a release ----------------------------------------------------------------------------
    read_on_share: float = 0.5  # this share of '… Read on' paragraphs makes it teasers, not a release
    release_min_words: int = 50  # fewer body words is a blurb
    single_paragraph_min_words: int = 80  # a one-paragraph release must be longer still

    # --- why a page holds no release --------------------------------------------------------------------
    catalogue_field_max_words: int = 8  # catalogue fields ('ISBN: …', 'Price: …') are short label lines
    catalogue_min_fields: int = 2  # two different catalogue fields make a publication entry
    not_found_heading_scan: int = 3  # a 'Page not found' is among the page's first headings
    document_type_scan_lines: int = 15  # 'Situation Report' among a page's first short lines names its type
    office_page_min_markers: int = 2  # 'Chief of Mission' and 'Fax' together make an office page
    teaser_max_paragraphs: int = 1  # a teaser is one short paragraph under its headline
    teaser_max_words: int = 60  # and one this short
    teaser_listing_min_teasers: int = 3  # this many teasers make a listing
    teaser_listing_min_headlines: int = 4  # or this many headlines with no more prose paragraphs than them

    # --- the fallback for layouts nothing else recognised -----------------------------------------------
    fallback_run_max_step: int = 2  # prose paragraphs with at most one other line between form a run
    fallback_headline_lookback: int = 5  # lines above the run searched for its headline
    fallback_headline_min_words: int = 3  # the headline is a short line, not a label
    fallback_headline_max_words: int = 30  # and not a paragraph
    article_header_max_lines: int = 12  # dek, byline, date, image, caption, share bar: under an article title
    article_max_gap: int = 4  # other lines (subheading, caption, ad, promo) between two article paragraphs
    compound_title_min_chars: int = 9  # 'Botschaftsrätin' is a title; a short name ending on 'rat' is not
    role_clause_min_words: int = 5  # only a longer role is cut at a relative pronoun without a comma
    signed_name_min_words: int = 2  # a byline of a name alone under an article's title: two to four words
    signed_name_max_words: int = 4
    article_dek_max_words: int = 60  # a dek (standfirst) under an article's title is one short paragraph
    dek_gap_line_max_words: int = 30  # the byline or date line between a dek and the body is short
    end_matter_max_words: int = 60  # a paywall prompt, rights notice or bio after a story is this short
    article_min_words: int = 150  # one clear article carries this much prose (CJK: characters / 2)
    listing_min_truncated: int = 2  # this many excerpts cut short ('…') make a listing, not an article


RULES = ReleaseRules()
