"""People of a release: quoted speakers from the body and contacts from the contact block, each with
role, office and exactly their own phones and e-mails; and the release's phones and e-mails."""

from __future__ import annotations

from dataclasses import dataclass

from iomcrawl.extraction.attributions import quoted_people
from iomcrawl.extraction.contacts import assign_contact_details, owner_by_mailbox, parse_contacts
from iomcrawl.extraction.emails import address_from_href, find_emails, is_chrome_address, repair_text
from iomcrawl.extraction.names import merge_person
from iomcrawl.extraction.phones import find_phones, phone_region


@dataclass
class ContactDetails:
    paragraphs: list[str]
    people: list[dict]
    phones: list[dict]
    emails: list[dict]
    rejected: list[dict]
    fixes: list[str]


def release_contacts(
    paragraphs: list[str], contact_lines: list[str], mailto: list[str], place: str | None
) -> ContactDetails:
    fixes: list[str] = []
    rejected: list[dict] = []
    clean_paragraphs = []
    for paragraph in paragraphs:
        repaired, applied = repair_text(paragraph)
        fixes += applied
        clean_paragraphs.append(repaired)
    repaired_lines = []
    for line in contact_lines:
        repaired, applied = repair_text(line)
        fixes += applied
        repaired_lines.append(repaired)
    contact_text = "\n".join(repaired_lines)

    addresses: dict[str, str] = {}
    for source in [*clean_paragraphs, contact_text]:
        hits, rejects = find_emails(source)
        for hit in hits:
            addresses.setdefault(hit.address.lower(), hit.raw)
            fixes += hit.fixes
        rejected += [{"field": "email", "raw": r.raw, "reason": r.reason} for r in rejects]
    for href in mailto:
        found, rejects, applied = address_from_href(href)
        for address in found:
            if address.lower() not in addresses:
                addresses[address.lower()] = href
                fixes += applied
        rejected += [{"field": "email", "raw": r.raw, "reason": r.reason} for r in rejects]
    addresses = {a: raw for a, raw in addresses.items() if not is_chrome_address(a)}

    contacts = parse_contacts(repaired_lines)
    region = phone_region(next((p.office for p in contacts if p.office), None)) or phone_region(place)
    phone_hits = find_phones(contact_text, region)
    body_phones = [h for p in clean_paragraphs for h in find_phones(p, phone_region(place))]
    assign_contact_details(contacts, repaired_lines, phone_hits, list(addresses))
    for address, raw in addresses.items():
        if (
            not any(address in p.emails for p in contacts)
            and raw.startswith(("mailto", "/", "http", '"', "\\"))
            and (who := owner_by_mailbox(contacts, address)) is not None
        ):
            who.emails.append(address)

    contacts = [
        c for c in contacts if c.office or c.role or c.phones or c.emails
    ]  # a bare name is not a contact
    people = quoted_people(clean_paragraphs)
    for contact in contacts:
        merge_person(people, contact, prefer_new_office=True)

    phones: dict[str, dict] = {}
    for hit in [*phone_hits, *body_phones]:
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
    return ContactDetails(
        paragraphs=clean_paragraphs,
        people=[p.as_dict() for p in people],
        phones=list(phones.values()),
        emails=[{"address": a, "raw": raw} for a, raw in addresses.items()],
        rejected=rejected,
        fixes=list(dict.fromkeys(fixes)),
    )
