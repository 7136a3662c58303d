"""Deterministic large inputs for benchmarks/run.py: a staff manual as PDF, DOCX and text, and a
pack of synthetic requirements.

The manual reads like a real one: chapters, numbered clauses and lists on leave, travel,
procurement, IT and so on, with about one sentence in four on sexual exploitation, abuse and
harassment (scope, definitions, prohibitions, zero tolerance, reporting, retaliation ...), so
that the built-in requirements find anchors and elements all through it. Sentences are drawn
from templates with slots, so few of them repeat.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
NOT_REQUIREMENTS = {"default.yaml", "instruments.yaml", "standards.yaml", "schema.json"}

Block = tuple[str, str]  # ("h1" | "h2" | "p" | "item", text)

ACTORS = (
    "Staff members", "All personnel", "Consultants", "Interns", "Volunteers", "Contractors",
    "Country directors", "Line managers", "Programme officers", "Drivers and guards",
    "Temporary staff", "Members of the Board", "Field coordinators", "Heads of office",
    "Staff on mission", "Deployed surge staff", "Staff of partner organisations",
)  # fmt: skip
OFFICES = (
    "Human Resources Unit", "Ethics Office", "Finance Division", "Logistics Section",
    "Office of Internal Oversight", "Security Focal Point", "IT Service Desk", "Legal Office",
    "Procurement Unit", "PSEA Coordinator", "Safeguarding Lead", "Staff Welfare Office",
)  # fmt: skip
DOCUMENTS = (
    "travel claims", "timesheets", "leave requests", "purchase orders", "incident reports",
    "asset registers", "medical certificates", "mission reports", "declarations of interest",
    "vehicle logs", "training records", "performance appraisals", "petty cash vouchers",
)  # fmt: skip
BENEFITS = (
    "annual leave", "home leave", "a salary advance", "education grant", "rest and recuperation",
    "a relocation allowance", "overtime compensation", "parental leave", "a hardship allowance",
)  # fmt: skip
COURSES = (
    "information security", "first aid", "anti-fraud", "safe driving", "data protection",
    "personal security in the field", "code of conduct", "procurement ethics",
)  # fmt: skip
CHANNELS = (
    "PSEA focal point", "Ethics Office", "confidential hotline", "Inspector General",
    "Safeguarding Lead", "community feedback desk", "Head of Office",
)  # fmt: skip
TOPICS = (
    "Recruitment and Appointment", "Working Hours and Leave", "Travel and Missions",
    "Procurement and Contracts", "Use of Vehicles", "Information Technology", "Data Protection",
    "Health and Safety", "Conflicts of Interest", "Gifts and Hospitality", "Security in the Field",
    "Performance Management", "Learning and Development", "Records Management",
    "Partnerships", "Community Engagement", "Staff Welfare", "Separation from Service",
)  # fmt: skip
# The anchors of the synthetic requirements are these phrases; the manual mentions only the
# first HIT_SHARE of them, so that about that share of a big pack finds anchors in the text.
QUALIFIERS = (
    "field", "country office", "regional", "programme", "partner", "community", "volunteer",
    "contractor", "headquarters", "mission", "project", "emergency", "supplier", "consultant",
    "intern", "security", "protection", "humanitarian", "health", "education", "shelter", "cash",
    "logistics", "procurement", "finance", "personnel", "ethics", "audit", "governance", "board",
)  # fmt: skip
NOUNS = (
    "code of practice", "safeguarding standard", "conduct rule", "protection commitment",
    "welfare policy", "integrity clause", "care principle", "duty statement", "risk register",
    "compliance checklist", "oversight plan", "accountability framework", "reporting protocol",
    "vetting procedure", "induction pack", "complaints mechanism", "incident log",
    "assurance review", "learning plan", "partner charter", "service standard", "ethics pledge",
    "response plan", "referral pathway", "screening rule", "supervision plan", "deployment brief",
    "monitoring visit", "feedback loop", "community charter", "safety briefing", "audit trail",
    "conduct pledge", "capacity review",
)  # fmt: skip
TERMS = tuple(f"{q} {n}" for n in NOUNS for q in QUALIFIERS)
HIT_SHARE = 0.1

FILLER = (
    "{actor} {modal} submit {document} to the {office} within {n} days of {event}.",
    "Requests for {benefit} are approved by the {office} and recorded in the staff system.",
    "The {office} reviews the {term} every {period} and publishes any change on the intranet.",
    "Where {condition}, {actor_l} {modal} consult the {office} before {action}.",
    "Expenses above {amount} need two signatures, one of them from the {office}.",
    "{Document} are kept for {n} years by the {office} and then destroyed securely.",
    "This section applies to {actor_l} and replaces the guidance issued in {year}.",
    "Annex {letter} sets out the form to be used for {document} and for {benefit}.",
    "{actor} {modal} complete the {course} course within {n} days of joining.",
    "Late {document} may delay {benefit}; the {office} sends a reminder after {n} days.",
    "The {office} may grant an exception in writing when {condition}.",
    "Leave not taken by 31 March {year} is carried over up to a maximum of {n} days.",
    "Vehicles are signed out by the {office} and returned with a completed trip sheet within {n} hours.",
    "Passwords are changed every {period}, and {actor_l} {modal} not share accounts.",
    "Questions about the {term} are sent to the {office} at {email}.",
    "The {term} of {year} remains in force until the {office} issues a revised version.",
    "{actor} travelling for more than {n} days {modal} carry a copy of the {term}.",
    "A summary of the {term} is posted in every office and translated into local languages.",
)
PSEA = (
    "The organisation applies a zero-tolerance policy to sexual exploitation, abuse and harassment{zt}.",
    "{actor} must report any concern or suspicion of sexual exploitation or abuse to the {channel} {when}.",
    "Reports can be made to the {channel}, by email to {email}, or through the confidential hotline, {anon}.",
    "Retaliation by {actor_l} against anyone who reports a concern in good faith{ret} is prohibited and is itself misconduct.",
    "Sexual activity with children (persons under the age of 18) is prohibited for {actor_l} regardless of the local age of majority or age of consent{child}.",
    "Exchange of {exchange} for sex, including sexual favours, is prohibited for {actor_l}.",
    "{actor} must not buy or solicit sex{sexwork}.",
    "Sexual relationships between {actor_l} and beneficiaries of assistance are {rel} because they rest on unequal power dynamics.",
    "Sexual exploitation means any actual or attempted abuse of a position of vulnerability, differential power or trust for sexual purposes{se}.",
    "In this {term}, sexual abuse means the actual or threatened physical intrusion of a sexual nature, whether by force or under unequal or coercive conditions.",
    "Sexual harassment means any unwelcome conduct of a sexual nature that might reasonably be expected or be perceived to cause offence or humiliation{sh}.",
    "This policy applies to {actor_l} at all times, both during and outside working hours{local}.",
    "Technology-facilitated abuse, such as {tech}, is covered by this policy.",
    "Victims receive {support}, whether or not they take part in an investigation.",
    "Information about an allegation is kept confidential by the {office}, shared only on a need-to-know basis and with the informed consent of the survivor where possible.",
    "Substantiated allegations against {actor_l} lead to disciplinary measures, which may include {sanction}, and conduct that may be a crime is referred to the national authorities.",
    "While an investigation is under way, the {office} may place the person concerned on administrative leave{interim}.",
    "Managers must maintain an environment that prevents sexual exploitation and abuse and must refer any allegation to the {channel} {when}.",
    "{actor} complete mandatory training on protection from sexual exploitation and abuse on joining and every {n} years.",
    "Agreements with partners signed after {year} include clauses on sexual exploitation and abuse, and a partner's failure to take preventive measures is grounds for termination.",
    "Before an agreement is signed, the partner's capacity to prevent and respond to sexual exploitation and abuse is assessed by the {office}.",
    "Reference checks for previous sexual misconduct are made by the {office} before any offer of appointment{screen}.",
    "{actor} should try to report concerns about sexual misconduct when they feel comfortable doing so.",
)
PROHIBITED = (
    "exchange money, employment, goods or assistance for sex",
    "engage in sexual activity with anyone under the age of 18",
    "buy or solicit sex, including where it is legal locally",
    "use their position to seek sexual favours from anyone receiving assistance",
    "send or share sexual images or messages to a beneficiary",
    "make unwelcome sexual remarks or advances to colleagues",
    "keep silent about a concern of sexual exploitation or abuse",
    "threaten or disadvantage anyone who has raised a concern",
)
SLOTS: dict[str, tuple[str, ...]] = {
    "modal": ("must", "shall", "should", "are required to", "are expected to"),
    "n": tuple(str(n) for n in (2, 3, 5, 7, 10, 14, 15, 21, 30, 45, 60, 90)),
    "event": ("returning from mission", "the end of the month", "the request", "the incident"),
    "period": ("year", "two years", "quarter", "six months", "three years"),
    "condition": (
        "local law conflicts with this manual",
        "the budget is exceeded",
        "a staff member is travelling alone",
        "a partner is new to the organisation",
        "a security incident has occurred",
        "the request is urgent",
    ),
    "action": ("signing a contract", "travelling", "accepting a gift", "sharing personal data"),
    "amount": ("USD 500", "USD 2,000", "EUR 1,000", "USD 10,000", "the local threshold"),
    "year": tuple(str(y) for y in range(2012, 2026)),
    "letter": tuple("ABCDEFGH"),
    "email": ("ethics@example.org", "psea@example.org", "hr@example.org", "speakup@example.org"),
    "zt": (
        "",
        ": such conduct is never acceptable, whatever the rank of the person involved",
        ", which means that every report is taken seriously and acted on promptly",
        "; failure to report or to act on a concern is itself misconduct",
        ", and zero tolerance does not mean zero reported cases",
    ),
    "when": ("without delay", "within 24 hours", "as soon as possible", "promptly", ""),
    "anon": (
        "anonymously if they wish",
        "in any language",
        "by phone or in writing",
        "at any time of day",
    ),
    "ret": ("", ", or who takes part in an investigation", ", including by managers"),
    "sexwork": ("", ", even where it is legal in the country", " at any time, on or off duty"),
    "rel": ("strongly discouraged", "prohibited", "not allowed", "discouraged"),
    "se": (
        "",
        ", including profiting monetarily, socially or politically from it",
        ", whether or not it succeeds",
        ", by anyone acting for the organisation",
    ),
    "local": ("", ", regardless of local law or custom", ", wherever they are deployed"),
    "tech": (
        "sharing intimate images without consent",
        "online grooming",
        "harassment by text message",
        "sextortion through social media",
    ),
    "support": (
        "medical care, psychosocial support and legal aid",
        "safe accommodation and counselling",
        "assistance based on their needs and wishes",
        "help from the {channel}",
        "support from a trained case worker within {n} days",
    ),
    "interim": ("", " with pay", " to protect the people concerned"),
    "child": ("", ", and mistaken belief in the age of a child is no defence"),
    "exchange": (
        "money, employment, goods, assistance or services",
        "food or shelter",
        "a job or a promotion",
        "cash, gifts or preferential treatment",
    ),
    "sh": ("", ", whether in the workplace or outside it", ", including online"),
    "sanction": ("dismissal", "summary dismissal", "termination of contract", "demotion"),
    "where": (
        "",
        " at any time",
        " while on duty or off duty",
        " in any country of assignment",
        " whatever local custom allows",
    ),
    "screen": ("", ", and the organisation takes part in the Misconduct Disclosure Scheme"),
}


def manual(seed: int) -> Iterator[Block]:
    """An endless staff manual: chapters of sections of numbered clauses and lists."""
    rng = random.Random(seed)
    hit_terms = TERMS[: max(1, int(len(TERMS) * HIT_SHARE))]
    chapter = 0
    while True:
        chapter += 1
        yield ("h1", f"Chapter {chapter}. {rng.choice(TOPICS)}")
        for section in range(1, rng.randint(3, 6) + 1):
            yield ("h2", f"{chapter}.{section} {rng.choice(TOPICS)}: {rng.choice(NOUNS)}")
            for clause in range(1, rng.randint(3, 8) + 1):
                sentences = [_sentence(rng, hit_terms) for _ in range(rng.randint(1, 4))]
                yield ("p", f"{chapter}.{section}.{clause} " + " ".join(sentences))
            if rng.random() < 0.3:
                yield ("p", f"{rng.choice(ACTORS)} must not:")
                for item in rng.sample(PROHIBITED, rng.randint(3, 5)):
                    yield ("item", f"{item}{rng.choice(SLOTS['where'])};")


def _sentence(rng: random.Random, hit_terms: tuple[str, ...]) -> str:
    template = rng.choice(PSEA if rng.random() < 0.25 else FILLER)
    actor = rng.choice(ACTORS)
    document = rng.choice(DOCUMENTS)
    values = {name: rng.choice(options) for name, options in SLOTS.items()}
    values |= {
        "actor": actor, "actor_l": actor[0].lower() + actor[1:], "office": rng.choice(OFFICES),
        "document": document, "Document": document.capitalize(), "benefit": rng.choice(BENEFITS),
        "course": rng.choice(COURSES), "channel": rng.choice(CHANNELS),
        "term": rng.choice(hit_terms),
    }  # fmt: skip
    # Two passes: a slot's value may hold a slot of its own ("help from the {channel}").
    return template.format(**values).format(**values).replace(" .", ".")


def blocks_up_to(seed: int, size: int) -> list[Block]:
    """The manual's first blocks, as many as fit in `size` characters of text."""
    out: list[Block] = []
    total = 0
    for block in manual(seed):
        total += len(block[1]) + 2
        if total > size:
            return out
        out.append(block)
    raise AssertionError("manual() is endless")


def as_text(blocks: list[Block]) -> str:
    return "".join(
        f"- {text}\n" if kind == "item" else f"\n{text}\n\n" if kind != "p" else f"{text}\n\n"
        for kind, text in blocks
    )


def write_pdf(path: Path, pages: int, seed: int) -> list[Block]:
    """`pages` full A4 pages of the manual; returns the blocks written, for the DOCX."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    written: list[Block] = []
    for kind, text in manual(seed):
        size, style, indent, height = {
            "h1": (15, "B", 0, 8), "h2": (12, "B", 0, 6), "p": (10, "", 0, 5), "item": (10, "", 6, 5),
        }[kind]  # fmt: skip
        pdf.set_font("Helvetica", style, size)
        if pdf.pages_count == pages:
            # On the last page, stop before a block that would start page pages + 1.
            needed = pdf.multi_cell(0, height, text, dry_run=True, output="HEIGHT")
            if not isinstance(needed, float | int) or pdf.will_page_break(needed + height):
                break
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, height, ("- " if kind == "item" else "") + text)
        pdf.ln(1 if kind == "item" else 3)
        written.append((kind, text))
    pdf.output(str(path))
    return written


def write_docx(path: Path, blocks: list[Block]) -> None:
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind in ("h1", "h2"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))


def write_pack(folder: Path, count: int) -> Path:
    """A pack of `count` requirements in all: it extends the built-in rule set, as an
    organisation's own pack would, and adds variants of the built-in requirements, each with
    anchors of its own (on a phrase from TERMS) and the built-in requirement's elements,
    near-misses and examples, the variant's phrase added after the anchor in the examples."""
    import regex

    folder.mkdir(parents=True)
    bases = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(RULES.glob("*.yaml"))
        if p.name not in NOT_REQUIREMENTS
    ]
    for i in range(max(count - len(bases), 0)):
        base, term = bases[i % len(bases)], TERMS[i % len(TERMS)]
        rid = f"{base['id']}-V{i:04d}"
        english: dict[str, Any] = dict(base["patterns"]["en"])
        anchors = [regex.compile(p, regex.IGNORECASE) for p in english["anchor"]]
        qualifier, noun = QUALIFIERS[i % len(QUALIFIERS)], NOUNS[i // len(QUALIFIERS) % len(NOUNS)]
        head, *rest = noun.split()
        # Shaped like the built-in anchors: a phrase, and a looser form with stems and gaps.
        english["anchor"] = [
            rf"\b{term}s?\b",
            rf"\b{head}\w* (?:\w+ ){{0,3}}(?:for|of|in|under) (?:the |this |our )?{qualifier}\b",
            rf"\b{qualifier}[- ](?:level |wide |based )?{head}\w*{' ' if rest else ''}{' '.join(rest)}\b",
        ]

        def swap(example: dict[str, Any], anchors: Any = anchors, term: str = term) -> Any:
            # The variant's phrase goes right after the built-in anchor, which stays: some
            # elements and near-misses name the anchor's words too.
            for anchor in anchors:
                text, found = anchor.subn(rf"\g<0> (the {term})", example["text"], count=1)
                if found:
                    return {**example, "text": text}
            return example

        examples = {
            side: [swap(e) for e in base["examples"][side] if e.get("lang", "en") == "en"]
            for side in ("pass", "fail")
        }
        requirement = {
            **base,
            "id": rid,
            "title": f"{base['title']} (the {term})",
            "patterns": {"en": english},
            "examples": examples,
        }
        (folder / f"{rid}.yaml").write_text(
            yaml.safe_dump(requirement, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    (folder / "default.yaml").write_text(
        f"extends: builtin\nid: synthetic-{count}\nversion: bench\n"
        f"title: the built-in requirements and {count - len(bases)} variants of them\n",
        encoding="utf-8",
    )
    return folder
