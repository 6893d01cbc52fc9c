"""Code sets as data, with labels and the census years they are valid for (domain.md §3).

Codes change from year to year (5D and RC9 arrived in 2022-23; 18A/19A were superseded in
2024-25), so each code carries the first and last collection year it may be entered for.
A census year is named by the year it ends: 2023 is 1 April 2022 to 31 March 2023.
"""

from __future__ import annotations

from dataclasses import field
from typing import NamedTuple

from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem


# Labels that begin with the name of a service keep its capitals mid-sentence.
NAMES_IN_LABELS = ("Early Help",)


class Code(NamedTuple):
    """One code (a NamedTuple: about 300 are built at import, and frozen dataclasses cost ~7 ms)."""

    code: str
    label: str
    first_year: int | None = None
    last_year: int | None = None

    def note(self) -> str:
        if self.first_year and self.last_year:
            return f"{self.first_year - 1}-{self.first_year % 100:02d} to {self.last_year - 1}-{self.last_year % 100:02d}"
        if self.first_year:
            return f"from {self.first_year - 1}-{self.first_year % 100:02d}"
        if self.last_year:
            return f"until {self.last_year - 1}-{self.last_year % 100:02d}"
        return ""


@frozen
class CodeSet:
    name: str
    title: str
    source: str
    codes: tuple[Code, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def find(self, text: str) -> Code | None:
        key = text.strip().upper().replace("_", "-")
        key = self.aliases.get(key, key)
        for code in self.codes:
            if code.code.upper() == key:
                return code
        return None

    def label(self, code: str | None) -> str:
        found = self.find(code) if code else None
        return found.label if found else ""

    def said(self, code: str | None, *, words: bool = False) -> str:
        """'5A: LA services: social care' as a worker's view says a code; with `words`, the label
        alone, for a reader who knows no codes (a document for a court or a family). A code not
        in the set is said as it was stored. Only a reference with a number in it (2A, N1, RC7,
        16A: what workers quote from the census) comes before its label; a code that is a word
        (OUTCOMES-MET, fscli's own) is said by its label alone, which says the same."""
        label = self.label(code)
        if not label:
            return code or ""
        return label if words or not any(ch.isdigit() for ch in code or "") else f"{code}: {label}"

    def said_all(self, codes: str | None, *, words: bool = False) -> str:
        """A list of codes as stored ('3B,2B') said one by one as `said` says each, in order:
        '3B: Domestic violence: parent or carer subject; 2B: Drug misuse: parent or carer'."""
        return "; ".join(self.said(c.strip(), words=words) for c in (codes or "").split(",") if c.strip())

    def labels(self, codes: str | None) -> list[str]:
        """The labels of a list of codes as stored ('3A,2B'), in order; a code not in the set as it is."""
        return [self.label(c) or c.strip() for c in (codes or "").split(",") if c.strip()]

    def in_sentence(self, code: str | None) -> str:
        """The label as it reads after other words ('Next CIN review', 'planned a home visit'):
        the first letter lower-cased, unless the label starts with an acronym or a name."""
        label = self.label(code)
        first = label.split(" ", 1)[0]
        if (len(first) > 1 and first.isupper()) or label.startswith(NAMES_IN_LABELS):
            return label
        return label[:1].lower() + label[1:]

    def check(self, text: str, field_name: str, *, year: int | None = None) -> tuple[str, list[Problem]]:
        """The canonical code for `text`, or a problem listing the valid codes."""
        found = self.find(text)
        if found is None:
            shown = ", ".join(c.code for c in self.current(year))
            return text, [Problem(field_name, text, f"is not a valid {self.title.lower()} code (valid: {shown})", f"see 'fscli codes {self.name}'")]
        if year is not None and ((found.first_year and year < found.first_year) or (found.last_year and year > found.last_year)):
            return text, [Problem(field_name, text, f"is only valid {found.note()}", f"see 'fscli codes {self.name}'")]
        return found.code, []

    def sql_list(self, codes: tuple[str, ...]) -> str:
        """"('phone', 'video')": codes of this set written into SQL as a list of literals.

        Only for fscli's own constant codes (a rule's list, never input): each must be a code of
        this set, and no code holds a quote, so the SQL text is fixed and safe as it is.
        """
        known = {c.code for c in self.codes}
        unknown = [c for c in codes if c not in known or "'" in c]
        if unknown or not codes:
            raise ValueError(f"not {self.name} codes: {unknown or 'none given'}")
        return "(" + ", ".join(f"'{c}'" for c in codes) + ")"

    def current(self, year: int | None = None) -> list[Code]:
        if year is None:
            return [c for c in self.codes if c.last_year is None]
        return [c for c in self.codes if (not c.first_year or c.first_year <= year) and (not c.last_year or year <= c.last_year)]


def census_year(day) -> int:
    """The CIN census year a date falls in, named by the year it ends (31 March)."""
    return day.year + 1 if day.month >= 4 else day.year


def _codes(*rows: tuple) -> tuple[Code, ...]:
    return tuple(Code(*row) for row in rows)


CIN_XSD = "CIN census XSD 2026 and the DfE CIN census guide"

REFERRAL_SOURCE = CodeSet("referral-source", "Referral source", CIN_XSD, _codes(
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (incl. neighbours, child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other (incl. strangers)"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health: GP"),
    ("3B", "Health: health visitor"),
    ("3C", "Health: school nurse"),
    ("3D", "Health: other primary health services"),
    ("3E", "Health: A&E"),
    ("3F", "Health: other (e.g. hospice)"),
    ("4", "Housing: LA housing or housing association"),
    ("5A", "LA services: social care (e.g. adult social care)"),
    ("5B", "LA services: other internal (e.g. youth offending; excl. housing)"),
    ("5C", "LA services: external (e.g. another LA's adult social care)"),
    ("5D", "LA services: early help", 2023),
    ("6", "Police"),
    ("7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"),
    ("8", "Other (children's centres, independent providers, voluntary orgs)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
))  # fmt: skip

PRIMARY_NEED = CodeSet("primary-need", "Primary need", CIN_XSD, _codes(
    ("N1", "Abuse, neglect and exploitation"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
))  # fmt: skip

ASSESSMENT_FACTOR = CodeSet("assessment-factor", "Assessment factor", CIN_XSD, _codes(
    ("1A", "Alcohol misuse: child"), ("1B", "Alcohol misuse: parent or carer"), ("1C", "Alcohol misuse: other household member"),
    ("2A", "Drug misuse: child"), ("2B", "Drug misuse: parent or carer"), ("2C", "Drug misuse: other household member"),
    ("3A", "Domestic violence: child subject"), ("3B", "Domestic violence: parent or carer subject"), ("3C", "Domestic violence: other household member subject"),
    ("4A", "Mental health: child"), ("4B", "Mental health: parent or carer"), ("4C", "Mental health: other household member"),
    ("5A", "Learning disability: child"), ("5B", "Learning disability: parent or carer"), ("5C", "Learning disability: other household member"),
    ("6A", "Physical disability or illness: child"), ("6B", "Physical disability or illness: parent or carer"), ("6C", "Physical disability or illness: other household member"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas, intend to return"), ("8C", "Privately fostered: overseas, intend to stay"),
    ("8D", "Privately fostered: UK, educational placement"), ("8E", "Privately fostered: UK, alternative family arrangements"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Abuse or neglect: neglect"),
    ("17A", "Abuse or neglect: emotional abuse"),
    ("18A", "Abuse or neglect: physical abuse", None, 2024),
    ("18B", "Physical abuse: child on child", 2025),
    ("18C", "Physical abuse: adult on child", 2025),
    ("19A", "Abuse or neglect: sexual abuse", None, 2024),
    ("19B", "Sexual abuse: child on child", 2025),
    ("19C", "Sexual abuse: adult on child", 2025),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation", 2022),
))  # fmt: skip

CATEGORY_OF_ABUSE = CodeSet("category-of-abuse", "Category of abuse", CIN_XSD, _codes(
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple / not recommended"),
))  # fmt: skip

CLOSURE_REASON = CodeSet("closure-reason", "Closure reason", CIN_XSD + "; Early Help reasons from SSD EARL006A", _codes(
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to services of another LA"),
    ("RC6", "Transferred to adult social care"),
    ("RC7", "Services ceased for any other reason, incl. child no longer in need"),
    ("RC8", "Case closed after assessment, no further action"),
    ("RC9", "Case closed after assessment, referred to early help", 2023),
    ("OUTCOMES-MET", "Early Help: outcomes met"),
    ("STEPPED-UP", "Early Help: stepped up to children's social care"),
    ("DISENGAGED", "Early Help: family disengaged"),
    ("CONSENT-WITHDRAWN", "Early Help: consent withdrawn"),
    ("MOVED-AWAY", "Early Help: moved out of the area"),
), aliases={"OUTCOMES": "OUTCOMES-MET", "STEP-UP": "STEPPED-UP", "MOVED": "MOVED-AWAY"})  # fmt: skip

# The SSD (INVO004A) names these codes without labels; the labels are fscli's reading of them.
WORKER_CHANGE = CodeSet("worker-change", "Worker change reason", "SSD ssd_involvements INVO004A", _codes(
    ("MANAGE", "Management decision"),
    ("FCONTA", "Family asked for a change of worker"),
    ("LEFTRL", "Worker left the role"),
    ("ORGRST", "Organisational restructure"),
    ("TSPROC", "Transfer between teams as part of the process (step up, step down)"),
    ("ABSENC", "Worker absent"),
    ("CHCHAN", "Change in the child's circumstances"),
    ("PCCHAN", "Change in the parent's or carer's circumstances"),
    ("SWDIED", "Worker died"),
    ("OTHERS", "Other"),
))  # fmt: skip

SEX = CodeSet("sex", "Sex", CIN_XSD + " (2024-25 on)", _codes(
    ("M", "Male"),
    ("F", "Female"),
    ("U", "Unknown or unborn"),
))  # fmt: skip

PERSON_ROLE = CodeSet("person-role", "Person role", "PRODUCT.md", _codes(
    ("child", "Child: a subject of plans (born or unborn)"),
    ("parent", "Parent"),
    ("carer", "Carer (kinship carer, step-parent, foster carer living in)"),
    ("other", "Other household or family member"),
))  # fmt: skip

AGENCY_KIND = CodeSet("agency-kind", "Agency kind", "referral source codes (CIN census) and strategy discussion attendees; SSD ssd_involvements / ssd_professionals", _codes(
    ("school", "School or nursery (designated safeguarding lead)"),
    ("education", "Education services"),
    ("gp", "GP"),
    ("health-visitor", "Health visitor"),
    ("midwife", "Midwife"),
    ("school-nurse", "School nurse"),
    ("hospital", "Hospital, A&E or paediatrician"),
    ("camhs", "CAMHS (children's mental health)"),
    ("adult-mental-health", "Adult mental health"),
    ("drug-alcohol", "Drug and alcohol services"),
    ("police", "Police"),
    ("probation", "Probation"),
    ("youth-justice", "Youth justice / YOT"),
    ("housing", "Housing"),
    ("adult-social-care", "Adult social care"),
    ("childrens-social-care", "Children's social care"),
    ("early-help", "Early help"),
    ("cafcass", "Cafcass or the courts"),
    ("family-hub", "Children's centre or family hub"),
    ("citizens-advice", "Citizens Advice or welfare rights"),
    ("domestic-abuse", "Domestic abuse service"),
    ("voluntary", "Other voluntary sector"),
    ("foster-carer", "Foster carer"),
    ("iro", "Independent reviewing officer"),
    ("other-la", "Another local authority"),
    ("other", "Other"),
), aliases={"HV": "HEALTH-VISITOR", "CAB": "CITIZENS-ADVICE", "YOT": "YOUTH-JUSTICE", "NURSERY": "SCHOOL", "CSC": "CHILDRENS-SOCIAL-CARE"})  # fmt: skip

ETHNICITY = CodeSet("ethnicity", "Ethnicity", "DfE main categories (CIN census guide: from the child or parent, never ascribed)", _codes(
    ("WBRI", "White: British"), ("WIRI", "White: Irish"), ("WIRT", "White: Traveller of Irish heritage"),
    ("WROM", "White: Gypsy or Roma"), ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"), ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"), ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian: Indian"), ("APKN", "Asian: Pakistani"), ("ABAN", "Asian: Bangladeshi"),
    ("AOTH", "Asian: any other Asian background"), ("BCRB", "Black: Caribbean"), ("BAFR", "Black: African"),
    ("BOTH", "Black: any other Black background"), ("CHNE", "Chinese"), ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"), ("NOBT", "Information not yet obtained"),
))  # fmt: skip

DISABILITY = CodeSet("disability", "Disability", CIN_XSD + " (record all that apply; NONE stands alone)", _codes(
    ("NONE", "No disability"), ("MOB", "Mobility"), ("HAND", "Hand function"), ("PC", "Personal care"),
    ("INC", "Incontinence"), ("COMM", "Communication"), ("LD", "Learning"), ("HEAR", "Hearing"),
    ("VIS", "Vision"), ("BEH", "Behaviour"), ("CON", "Consciousness"), ("AUT", "Autism"), ("DDA", "Other"),
))  # fmt: skip

# The DfE's own wording: its Common Basic Data Set code set CS051 (UPN unknown reasons), UN1-UN7
# as the CIN census uses them (UN8-UN10 are the SEN2 return's). UN1 and UN7 agree with the
# validator's rules 8770Q and 8772.
UPN_UNKNOWN = CodeSet("upn-unknown", "UPN unknown reason", "DfE Common Basic Data Set code set CS051; " + CIN_XSD, _codes(
    ("UN1", "Child is aged under 6 years old and is not yet assigned a UPN"),
    ("UN2", "Child has never attended a maintained school in England and has not been assigned a UPN"),
    ("UN3", "Child is educated outside England and has not been assigned a UPN"),
    ("UN4", "Child is newly in need (one week before end of collection period) and the UPN was not yet known at the time of the CIN census annual statistical return"),
    ("UN5", "Sources collating UPNs reflect discrepancy/ies for the child's name and/or surname and/or date of birth therefore preventing reliable matching (e.g. duplicated UPN)"),
    ("UN6", "Child is not looked after, and the authority is unable to obtain the UPN"),
    ("UN7", "Child referred but no further action taken"),
))  # fmt: skip

PLAN_TYPE = CodeSet("plan-type", "Plan type", "Children Act 1989 (s17 CIN, s47 and CP plans, s20 and care orders); Working Together 2023", _codes(
    ("early-help", "Early Help (family support, team around the family)"),
    ("cin", "Child in Need plan (s17)"),
    ("cp", "Child protection plan"),
    ("cla", "Looked after (care order or s20)"),
    ("reunification", "Reunification: a looked-after child going home (runs alongside CLA)"),
), aliases={"EH": "EARLY-HELP", "LAC": "CLA", "CIC": "CLA"})  # fmt: skip

ASSESSMENT_OUTCOME = CodeSet("assessment-outcome", "Assessment outcome", "CIN census XSD (RC8, RC9 step-down to Early Help); Working Together 2023 single assessment", _codes(
    ("nfa", "No further action"),
    ("early-help", "Stepped down to Early Help"),
    ("cin", "Child in Need plan"),
    ("strategy", "Strategy discussion (section 47)"),
    ("cla", "Became looked after"),
    ("step-up", "Early Help assessment: stepped up to children's social care"),
))  # fmt: skip

SF_OUTCOME = CodeSet("sf-outcome", "Supporting Families headline outcome", "Supporting Families outcome framework 2022-25 (gov.uk, chapter 5)", _codes(
    ("education", "Getting a good education"),
    ("early-years", "Good early years development"),
    ("health", "Improved mental and physical health"),
    ("substance-use", "Promoting recovery and reducing harm from substance use"),
    ("relationships", "Improved family relationships"),
    ("safe-from-abuse", "Children safe from abuse and exploitation"),
    ("crime", "Crime prevention and tackling crime"),
    ("domestic-abuse", "Safe from domestic abuse"),
    ("housing", "Secure housing"),
    ("finance", "Financial stability"),
))  # fmt: skip

CONTACT_TYPE = CodeSet("contact-type", "Contact type", "SSD visit fields (ssd_cin_visits, ssd_cp_visits, ssd_cla_visits); Southwark and Walsall visiting procedures (no access, seen away from home)", _codes(
    ("home-visit", "Home visit"),
    ("statutory-visit", "Statutory visit (CIN, CP, CLA, private fostering)"),
    ("joint-visit", "Joint visit (with another worker or agency)"),
    ("supervised-contact", "Supervised contact / family time"),
    ("office", "Office visit"),
    ("school", "School or nursery visit"),
    ("hospital", "Hospital visit"),
    ("phone", "Phone call"),
    ("video", "Video call"),
    ("message", "Text, email or letter"),
    ("direct-work", "Direct work session with a child"),
    ("no-access", "Visit attempted: no access"),
), aliases={"HOME": "HOME-VISIT", "STATUTORY": "STATUTORY-VISIT", "JOINT": "JOINT-VISIT", "FAMILY-TIME": "SUPERVISED-CONTACT", "CONTACT": "SUPERVISED-CONTACT", "CALL": "PHONE", "EMAIL": "MESSAGE", "TEXT": "MESSAGE"})  # fmt: skip

MEETING_TYPE = CodeSet("meeting-type", "Meeting type", "Working Together to Safeguard Children 2023; local child protection procedures (kentandmedway 2.2.34 pre-birth); PLO pre-proceedings", _codes(
    ("strategy", "Strategy discussion"),
    ("icpc", "Initial child protection conference"),
    ("rcpc", "Review child protection conference"),
    ("core-group", "Core group"),
    ("cin-planning", "CIN planning meeting"),
    ("cin-review", "CIN review"),
    ("taf", "Team around the family / child review"),
    ("eh-review", "Early Help review"),
    ("lac-review", "LAC review (IRO-chaired)"),
    ("placement-planning", "Placement planning meeting"),
    ("legal-planning", "Legal gateway / legal planning meeting"),
    ("pre-proceedings", "Pre-proceedings meeting (PLO)"),
    ("fgc", "Family group conference / family network meeting"),
    ("discharge-planning", "Hospital discharge planning meeting"),
    ("marac", "MARAC"),
    ("return-interview", "Missing return-home interview"),
    ("transfer", "Transfer / step-down meeting"),
    ("supervision", "Supervision (management oversight)"),
    ("court-hearing", "Court hearing or children's hearing"),
    ("agency-appointment", "Appointment with a parent at another agency"),  # Citizens Advice, GP, housing, school
    ("team-meeting", "Team meeting"),
    ("training", "Training"),
    ("professionals", "Calls or meeting with professionals"),
    ("ird", "Inter-agency referral discussion (Scotland)"),
    ("cppm", "Child protection planning meeting (Scotland)"),
    ("care-support-review", "Care and support review (Wales)"),
    ("other", "Other meeting"),
), aliases={"HEARING": "COURT-HEARING", "COURT": "COURT-HEARING", "CHILDRENS-HEARING": "COURT-HEARING", "APPOINTMENT": "AGENCY-APPOINTMENT", "TEAM": "TEAM-MEETING", "PROFESSIONALS-CALL": "PROFESSIONALS", "TAF-REVIEW": "TAF", "TAC": "TAF", "FAMILY-GROUP-CONFERENCE": "FGC", "DISCHARGE": "DISCHARGE-PLANNING", "PLO": "PRE-PROCEEDINGS", "LAC": "LAC-REVIEW", "CP-REVIEW": "RCPC"})  # fmt: skip

CODE_SETS: dict[str, CodeSet] = {s.name: s for s in (
    CONTACT_TYPE, MEETING_TYPE, SF_OUTCOME, ETHNICITY, DISABILITY, UPN_UNKNOWN, PLAN_TYPE, ASSESSMENT_OUTCOME,
    REFERRAL_SOURCE, PRIMARY_NEED, ASSESSMENT_FACTOR, CATEGORY_OF_ABUSE, CLOSURE_REASON,
    WORKER_CHANGE, SEX, PERSON_ROLE, AGENCY_KIND,
)}  # fmt: skip
