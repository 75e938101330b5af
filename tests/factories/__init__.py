"""Test factories, one module per app (``tests.factories.<app>``). This package re-exports them
so that ``from tests.factories import UserFactory`` keeps working."""

from tests.factories.access import (
    AccessLinkFactory,
    AccessRequestFactory,
    GrantFactory,
    OnlineServiceFactory,
    access_agent,
    access_link_path,
)
from tests.factories.accounts import (
    AGENT_TOTP_SECRET,
    DEFAULT_PASSWORD,
    AgentFactory,
    UserFactory,
    answer_questions,
    professions,
    questions_post_data,
)
from tests.factories.exception_drugs import (
    DelegationFactory,
    DrugFactory,
    ExceptionRequestFactory,
    IndicationFactory,
    InsuredPersonFactory,
    grant_exception_drugs,
)
from tests.factories.messaging import messaging_agent
from tests.factories.notices import NewsletterFactory

__all__ = [
    "AGENT_TOTP_SECRET",
    "DEFAULT_PASSWORD",
    "AccessLinkFactory",
    "AccessRequestFactory",
    "AgentFactory",
    "DelegationFactory",
    "DrugFactory",
    "ExceptionRequestFactory",
    "GrantFactory",
    "IndicationFactory",
    "InsuredPersonFactory",
    "NewsletterFactory",
    "OnlineServiceFactory",
    "UserFactory",
    "access_agent",
    "access_link_path",
    "answer_questions",
    "grant_exception_drugs",
    "messaging_agent",
    "professions",
    "questions_post_data",
]
