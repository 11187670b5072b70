"""People of a release: quoted speakers from the body and contacts from the contact block, each with
role, office and exactly their own phones and e-mails; and the release's phones and e-mails."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iomcrawl.extraction.attributions import quoted_people
from iomcrawl.extraction.contacts import assign_contact_details, owner_by_mailbox, parse_contacts
from iomcrawl.extraction.emails import (
    EmailReject,
    address_from_href,
    find_emails,
    is_chrome_address,
    repair_text,
)
from iomcrawl.extraction.names import Person, merge_person, same_person
from iomcrawl.extraction.phones import PhoneHit, find_phones, phone_region
from iomcrawl.extraction.places import country_region, region_for_place


@dataclass
class ContactDetails:
    """What the people stage gives a release: its repaired text, people, phones, e-mails, rejects and repairs."""

    paragraphs: list[str]
    people: list[dict]
    phones: list[dict]
    emails: list[dict]
    rejected: list[dict]
    fixes: list[str]


def release_contacts(
    paragraphs: list[str], contact_lines: list[str], mailto: list[str], place: str | None
) -> ContactDetails:
    """A release's people, phones and e-mails: speakers from the body, contacts from the contact block,
    all read after e-mail damage is repaired, so a contact's address is found under their name."""
    clean_paragraphs, paragraph_fixes = _repair_all(paragraphs)
    repaired_lines, line_fixes = _repair_all(contact_lines)
    contact_text = "\n".join(repaired_lines)
    addresses, address_fixes, rejected = _addresses([*clean_paragraphs, contact_text], mailto)

    contacts = parse_contacts(repaired_lines)
    phone_hits = find_phones(contact_text, _contact_region(contacts, place))
    body_phones = [h for p in clean_paragraphs for h in find_phones(p, phone_region(place))]
    assign_contact_details(contacts, repaired_lines, phone_hits, list(addresses))
    _give_linked_addresses(contacts, addresses)

    people = quoted_people(clean_paragraphs)
    _merge_contacts(people, contacts, clean_paragraphs)
    return ContactDetails(
        paragraphs=clean_paragraphs,
        people=[p.as_dict() for p in people],
        phones=_phone_records([*phone_hits, *body_phones]),
        emails=[{"address": a, "raw": raw} for a, raw in addresses.items()],
        rejected=rejected,
        fixes=list(dict.fromkeys([*paragraph_fixes, *line_fixes, *address_fixes])),
    )


def _contact_region(contacts: list[Person], place: str | None) -> str | None:
    """Where the contact block's national numbers come from: the first contact's office, else the dateline."""
    return phone_region(next((p.office for p in contacts if p.office), None)) or phone_region(place)


def _merge_contacts(people: list[Person], contacts: list[Person], paragraphs: list[str]) -> None:
    """Add the contacts to the speakers, a contact's office winning, except over the country office the
    body names when the contact's office is a city of that country that the body does not place the
    speaker in ('IOM Fiji' over 'IOM Suva'; but 'IOM Italy’s spokesperson in Rome' is 'IOM Rome'); a bare
    name is not a contact."""
    for contact in contacts:
        if contact.office or contact.role or contact.phones or contact.emails:
            spoken = next((p for p in people if same_person(p.name, contact.name)), None)
            keep = (
                spoken is not None
                and contact.office is not None
                and country_office_of(spoken.office, contact.office)
                and not _placed_in(spoken.name, _office_place(contact.office), paragraphs)
            )
            merge_person(people, contact, prefer_new_office=not keep)


def _placed_in(name: str, city: str, paragraphs: list[str]) -> bool:
    """Whether the sentence that introduces a speaker names the city after the name."""
    for paragraph in paragraphs:
        at = paragraph.find(name)
        if at >= 0:
            sentence = re.split(r"[.!?](?:\s|$)", paragraph[at : at + 300])[0]
            return city in sentence
    return False


def country_office_of(country_office: str | None, city_office: str | None) -> bool:
    """Whether 'IOM Fiji' is the country office of which 'IOM Suva' names a city."""
    if not country_office or not city_office:
        return False
    country = country_region(_office_place(country_office))
    city = _office_place(city_office)
    return country is not None and country_region(city) is None and region_for_place(city) == country


def _office_place(office: str) -> str:
    """'IOM Fiji' -> 'Fiji'; 'OIM en Haïti' -> 'Haïti'."""
    return re.sub(r"^(?:IOM|OIM)\s+(?:(?:in|en|au|à|a|em|no|na)\s+)?", "", office.strip())


def _repair_all(texts: list[str]) -> tuple[list[str], list[str]]:
    """Each text with its e-mail damage undone, and every repair that took, in order."""
    repaired: list[str] = []
    fixes: list[str] = []
    for text in texts:
        new, applied = repair_text(text)
        repaired.append(new)
        fixes += applied
    return repaired, fixes


def _addresses(sources: list[str], mailto: list[str]) -> tuple[dict[str, str], list[str], list[dict]]:
    """(address -> as written, repairs, rejects) from the text first, then from mail links; site-chrome
    boxes left out."""
    addresses, fixes, rejected = _text_addresses(sources)
    link_fixes, link_rejected = _add_link_addresses(addresses, mailto)
    kept = {a: raw for a, raw in addresses.items() if not is_chrome_address(a)}
    return kept, fixes + link_fixes, rejected + link_rejected


def _text_addresses(sources: list[str]) -> tuple[dict[str, str], list[str], list[dict]]:
    """The addresses written in the texts, first spelling kept, with their repairs and the near misses."""
    addresses: dict[str, str] = {}
    fixes: list[str] = []
    rejected: list[dict] = []
    for source in sources:
        hits, rejects = find_emails(source)
        for hit in hits:
            addresses.setdefault(hit.address.lower(), hit.raw)
            fixes += hit.fixes
        rejected += _email_rejects(rejects)
    return addresses, fixes, rejected


def _add_link_addresses(addresses: dict[str, str], mailto: list[str]) -> tuple[list[str], list[dict]]:
    """Add the addresses only a link holds (the href is their 'raw'); a link's repairs count only then."""
    fixes: list[str] = []
    rejected: list[dict] = []
    for href in mailto:
        found, rejects, applied = address_from_href(href)
        for address in found:
            if address.lower() not in addresses:
                addresses[address.lower()] = href
                fixes += applied
        rejected += _email_rejects(rejects)
    return fixes, rejected


def _email_rejects(rejects: list[EmailReject]) -> list[dict]:
    return [{"field": "email", "raw": r.raw, "reason": r.reason} for r in rejects]


def _give_linked_addresses(contacts: list[Person], addresses: dict[str, str]) -> None:
    """An address known only from a link (or markup) goes to the contact whose name its mailbox spells."""
    for address, raw in addresses.items():
        if (
            not any(address in p.emails for p in contacts)
            and raw.startswith(("mailto", "/", "http", '"', "\\"))
            and (who := owner_by_mailbox(contacts, address)) is not None
        ):
            who.emails.append(address)


def _phone_records(hits: list[PhoneHit]) -> list[dict]:
    """One record per E.164 number, the first spelling kept."""
    phones: dict[str, dict] = {}
    for hit in hits:
        phones.setdefault(
            hit.e164,
            {
                "e164": hit.e164,
                "raw": hit.raw,
                "kind": hit.kind,
                "extension": hit.extension,
                "valid": hit.valid,
            },
        )
    return list(phones.values())
