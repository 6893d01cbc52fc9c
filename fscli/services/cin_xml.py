"""The CIN census return as the DfE's XML: every element in the order of the XSD's sequences
(spec/CIN_schema_2026.xsd), booleans 0/1, dates YYYY-MM-DD, no empty tags, the Header always
written (the DfE's validator fails without one), no namespace on the root (it reads only
un-namespaced tags). The stdlib's ElementTree, built in order: the order is the code's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

from fscli import __version__
from fscli.domain.census import CensusReturn, CinDetails, ReturnChild

SOFTWARE = "fscli"


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value.isoformat() if isinstance(value, date) else ("1" if value is True else "0" if value is False else str(value))
    return element


def _maybe(parent: ET.Element, tag: str, value: object) -> None:
    """An optional element: left out when it has no value (an empty tag fails the schema)."""
    if value is not None and value != "":
        _add(parent, tag, value)


def _header(root: ET.Element, result: CensusReturn, la: str, now: datetime) -> None:
    header = _add(root, "Header")
    collection = _add(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", result.year.collection_year)
    _add(collection, "ReferenceDate", result.year.reference)
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", la)
    _add(source, "SoftwareCode", SOFTWARE)
    _add(source, "Release", __version__)
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", now.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0).isoformat())


def _details(parent: ET.Element, episode: CinDetails) -> None:
    details = _add(parent, "CINdetails")
    _add(details, "CINreferralDate", episode.referral_date)
    _add(details, "ReferralSource", episode.referral_source)
    _maybe(details, "PrimaryNeedCode", episode.primary_need)
    _maybe(details, "CINclosureDate", episode.closure_date)
    _maybe(details, "ReasonForClosure", episode.closure_reason)
    _maybe(details, "DateOfInitialCPC", episode.initial_cpc)
    for assessment in episode.assessments:
        element = _add(details, "Assessments")
        _add(element, "AssessmentActualStartDate", assessment.start_on)
        _maybe(element, "AssessmentAuthorisationDate", assessment.completed_on)
        if assessment.factors:
            factors = _add(element, "FactorsIdentifiedAtAssessment")
            for factor in assessment.factors:
                _add(factors, "AssessmentFactors", factor)
    for plan in episode.cin_plans:
        element = _add(details, "CINPlanDates")
        _add(element, "CINPlanStartDate", plan.start)
        _maybe(element, "CINPlanEndDate", plan.end)
    for enquiry in episode.enquiries:
        element = _add(details, "Section47")
        _add(element, "S47ActualStartDate", enquiry.start)
        _maybe(element, "InitialCPCtarget", enquiry.icpc_target)
        _maybe(element, "DateOfInitialCPC", enquiry.icpc)
        _add(element, "ICPCnotRequired", enquiry.icpc_not_required)
    _add(details, "ReferralNFA", episode.referral_nfa)
    for plan in episode.cp_plans:
        element = _add(details, "ChildProtectionPlans")
        _add(element, "CPPstartDate", plan.start)
        _maybe(element, "CPPendDate", plan.end)
        _add(element, "InitialCategoryOfAbuse", plan.initial_category)
        _add(element, "LatestCategoryOfAbuse", plan.latest_category)
        _add(element, "NumberOfPreviousCPP", plan.previous_plans)
        if plan.reviews:
            reviews = _add(element, "Reviews")
            for day in plan.reviews:
                _add(reviews, "CPPreviewDate", day)


def _child(parent: ET.Element, child: ReturnChild) -> None:
    element = _add(parent, "Child")
    ids = _add(element, "ChildIdentifiers")
    _add(ids, "LAchildID", child.la_child_id)
    _maybe(ids, "UPN", child.upn)
    _maybe(ids, "UPNunknown", child.upn_unknown)
    _maybe(ids, "PersonBirthDate", child.birth_date)
    _maybe(ids, "ExpectedPersonBirthDate", child.expected_birth_date)
    _add(ids, "Sex", child.sex)
    _maybe(ids, "PersonDeathDate", child.death_date)
    characteristics = _add(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = _add(characteristics, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)
    for episode in child.episodes:
        _details(element, episode)


def cin_xml(result: CensusReturn, *, la: str, now: datetime) -> bytes:
    """The return as UTF-8 XML, with its declaration, indented for a person to read."""
    root = ET.Element("Message")
    _header(root, result, la, now)
    children = _add(root, "Children")
    for child in result.children:
        _child(children, child)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
