"""Every state change of the exception-drugs app, by business object: requests (submission,
recording, decisions, answers, reminders), insured persons (the identity a request names, checked
against the register) and delegations."""

from sel.exception_drugs.services.decisions import (
    exception_request_accept,
    exception_request_answer,
    exception_request_ask_information,
    exception_request_refuse,
    exception_request_remind,
)
from sel.exception_drugs.services.delegations import (
    delegation_create,
    delegation_end,
    delegation_end_by_agent,
    delegation_from_approval,
)
from sel.exception_drugs.services.insured_persons import (
    exception_request_identities_for_agent,
    insured_person_identity_check,
    insured_person_identity_require,
)
from sel.exception_drugs.services.requests import (
    exception_request_record,
    exception_request_renewal_initial,
    exception_request_submit,
    exception_requests_consult,
    new_reference,
)

__all__ = [
    "delegation_create",
    "delegation_end",
    "delegation_end_by_agent",
    "delegation_from_approval",
    "exception_request_accept",
    "exception_request_answer",
    "exception_request_ask_information",
    "exception_request_identities_for_agent",
    "exception_request_record",
    "exception_request_refuse",
    "exception_request_remind",
    "exception_request_renewal_initial",
    "exception_request_submit",
    "exception_requests_consult",
    "insured_person_identity_check",
    "insured_person_identity_require",
    "new_reference",
]
