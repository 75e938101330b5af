"""Every state change of the access app, by flow: requests (submission, signatures, decisions),
approval (accounts, grants, credentials), grants (withdrawal, reminders, yearly confirmation)."""

from sel.access.services.access_requests import (
    LinkUnusable,
    access_link_find,
    access_link_issue,
    access_request_authorize,
    access_request_confirmation_resend,
    access_request_correct,
    access_request_record_paper,
    access_request_refuse,
    access_request_return_incomplete,
    access_request_submit,
    access_request_user_email_confirm,
    access_requests_unconfirmed_expire,
    content_hash,
    signature_intact,
)
from sel.access.services.approval import access_request_approve, credentials_by_registered_mail

__all__ = [
    "LinkUnusable",
    "access_link_find",
    "access_link_issue",
    "access_request_approve",
    "access_request_authorize",
    "access_request_confirmation_resend",
    "access_request_correct",
    "access_request_record_paper",
    "access_request_refuse",
    "access_request_return_incomplete",
    "access_request_submit",
    "access_request_user_email_confirm",
    "access_requests_unconfirmed_expire",
    "content_hash",
    "credentials_by_registered_mail",
    "signature_intact",
]
