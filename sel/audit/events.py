"""Every audit action, declared once with what it means (STYLE.md §5). ``record()`` accepts
nothing else. Each domain keeps its own section; add new actions to your section only."""

from django.db import models


class Action(models.TextChoices):
    # --- outbox --------------------------------------------------------------------------------
    EMAIL_FAILED = "email.failed", "An outbox email was refused for good by the SMTP server"

    # --- audit (the staff console's health-data pages, sel/audit/console.py) -------------------
    CONSOLE_HEALTH_DATA_READ = (
        "console.health_data_read",
        "Staff opened health data in the console (a list or a record)",
    )

    # --- accounts ------------------------------------------------------------------------------
    LOGIN_SUCCEEDED = "login.succeeded", "A user logged in"
    LOGIN_FAILED = "login.failed", "A login attempt failed (unknown name or wrong password)"
    LOGOUT = "logout", "A user logged out"
    LOGIN_THROTTLED = "login.throttled", "Repeated failures made an account wait before new tries"
    ACCOUNT_CREATED = "account.created", "An account was created"
    ACCOUNT_LOCKED = "account.locked", "An account was locked until the support centre unlocks it"
    ACCOUNT_UNLOCKED = "account.unlocked", "A support agent unlocked an account"
    ACCOUNT_DISABLED = "account.disabled", "A support agent disabled an account"
    ACCOUNT_ENABLED = "account.enabled", "A support agent re-enabled an account"
    SESSIONS_ENDED = "account.sessions_ended", "Every session of an account was ended"
    USERNAME_SENT = "account.username_sent", "A forgotten username was emailed to the account"
    TEMPORARY_PASSWORD_ISSUED = "password.temporary_issued", "A temporary password was issued"
    PASSWORD_CHANGED = "password.changed", "A user set a new password"
    PASSWORD_EXPIRED = "password.expired", "A login found the password expired"
    PASSWORD_EXPIRY_REMINDED = "password.expiry_reminded", "A password-expiry reminder was sent"
    QUESTIONS_SET = "questions.set", "A user chose and answered the secret questions"
    QUESTIONS_CLEARED = "questions.cleared", "A support agent cleared the secret questions"
    RECOVERY_STARTED = "recovery.started", "A forgot-password attempt started"
    RECOVERY_CODE_FAILED = "recovery.code_failed", "A wrong emailed code was entered"
    RECOVERY_FAILED = "recovery.failed", "Wrong answers to the secret questions"
    RECOVERY_LOCKED = "recovery.locked", "Recovery was locked for 24 hours after 3 failures"
    RECOVERY_SUCCEEDED = "recovery.succeeded", "A password was reset through recovery"
    ALIAS_REQUESTED = "alias.requested", "A code was sent to confirm a new email alias"
    ALIAS_SET = "alias.set", "An email alias was confirmed and is now a login name"
    ALIAS_REMOVED = "alias.removed", "An email alias was removed"
    LANGUAGE_SET = "account.language_set", "A user chose the language of the portal and emails"
    SECOND_FACTOR_ENABLED = "second_factor.enabled", "A user set up TOTP and recovery codes"
    SECOND_FACTOR_DISABLED = "second_factor.disabled", "A user removed the second factor"
    SECOND_FACTOR_FAILED = "second_factor.failed", "A wrong TOTP or recovery code was entered"
    CURRENT_PASSWORD_FAILED = (
        "password.current_failed",
        "A settings form was refused: wrong current password, or a login wait applied",
    )
    RECOVERY_CODE_USED = "second_factor.recovery_code_used", "A recovery code was used"
    PIN_ISSUED = "pin.issued", "The Régie issued a registration PIN"
    PIN_FAILED = "pin.failed", "A registration with a PIN failed"
    PIN_REGISTERED = "pin.registered", "A health professional registered with a PIN"
    PROFESSION_SERVICES_CHANGED = (
        "profession.services_changed",
        "An agent changed the services that registration with a PIN opens for a profession",
    )
    AUTHORIZATION_REFUSED = (
        "authorization.refused",
        "An account was refused an agent page, a support action or the staff console",
    )
    ACCOUNT_EMAIL_CHANGED = (
        "account.email_changed",
        "Staff changed an account's email address (old and new addresses told)",
    )
    ACCOUNT_PRIVILEGES_CHANGED = (
        "account.privileges_changed",
        "A superuser changed an account's role, staff or superuser status, groups or permissions",
    )

    # --- access --------------------------------------------------------------------------------
    GRANT_CREATED = "grant.created", "An online service was granted to an account"
    GRANT_REVOKED = "grant.revoked", "The Régie withdrew an account's access to a service"
    GRANT_EXTENDED = "grant.extended", "The Régie moved the end date of an account's grant"
    ACCESS_REFUSED = "access.refused", "An account asked for a service it has no valid grant for"
    ACCESS_REQUEST_SUBMITTED = "access_request.submitted", "A user filled and signed sections 1–2"
    ACCESS_REQUEST_USER_EMAIL_CONFIRMED = (
        "access_request.user_email_confirmed",
        "The user confirmed their address by the emailed link; the authorizer is written to",
    )
    ACCESS_REQUEST_CONFIRMATION_RESENT = (
        "access_request.confirmation_resent",
        "A new link to confirm the user's address was emailed",
    )
    ACCESS_REQUEST_EXPIRED = (
        "access_request.expired",
        "A request whose user never confirmed their address expired",
    )
    ACCESS_REQUEST_AUTHORIZED = "access_request.authorized", "The authorizer signed section 3"
    ACCESS_REQUEST_CORRECTED = "access_request.corrected", "An incomplete request was corrected"
    ACCESS_REQUEST_PAPER_RECORDED = (
        "access_request.paper_recorded",
        "An agent recorded a paper request",
    )
    ACCESS_REQUEST_APPROVED = "access_request.approved", "An agent approved a request (section 4)"
    ACCESS_REQUEST_NUMBERS_COMPLETED = (
        "access_request.numbers_completed",
        "An agent completed a number the requester left blank (details: fields)",
    )
    ACCESS_REQUEST_REFUSED = "access_request.refused", "An agent refused a request"
    ACCESS_REQUEST_RETURNED = "access_request.returned", "An agent returned a request as incomplete"
    GRANT_EXPIRY_REMINDED = (
        "grant.expiry_reminded",
        "User and authorizer were reminded of an end date",
    )
    GRANT_CONFIRMATION_REQUESTED = (
        "grant.confirmation_requested",
        "An authorizer was asked to confirm grants",
    )
    GRANT_CONFIRMED = "grant.confirmed", "An authorizer confirmed a grant for another year"
    MAIL_LETTER_MAILED = "access.letter_mailed", "A registered-mail letter left the mail room"

    # --- exception drugs -----------------------------------------------------------------------
    EXCEPTION_REQUESTS_CONSULTED = (
        "exception_requests.consulted",
        "A user consulted the requests for one NAM and drug (subject_key: NAM)",
    )
    EXCEPTION_REQUEST_SUBMITTED = (
        "exception_request.submitted",
        "A prescriber submitted a request online",
    )
    EXCEPTION_REQUEST_RECORDED = (
        "exception_request.recorded",
        "An agent recorded a fax or mail request",
    )
    EXCEPTION_REQUEST_ACCEPTED = "exception_request.accepted", "An agent accepted a request"
    EXCEPTION_REQUEST_REFUSED = "exception_request.refused", "An agent refused a request"
    EXCEPTION_REQUEST_INFO_ASKED = (
        "exception_request.information_asked",
        "An agent asked the prescriber for additional information",
    )
    EXCEPTION_REQUEST_ANSWERED = (
        "exception_request.answered",
        "The prescriber answered; the request is back in processing",
    )
    EXCEPTION_REQUEST_REMINDED = (
        "exception_request.reminded",
        "The prescriber was reminded that an authorized period ends in 30 days",
    )
    EXCEPTION_ATTACHMENT_VIEWED = "exception_attachment.viewed", "A user opened a request's file"
    EXCEPTION_AUDIT_SEARCHED = (
        "exception_audit.searched",
        "An agent searched the consultations of a NAM (subject_key: NAM)",
    )
    INSURED_PERSON_IDENTITY_READ = (
        "insured_person.identity_read",
        "A page showed an insured person's identity (subject_key: NAM; details: fields, purpose)",
    )
    INSURED_PERSON_IDENTITY_REFUSED = (
        "insured_person.identity_refused",
        "An identity typed for a NAM disagreed with the register's; nothing was recorded",
    )
    DELEGATION_CREATED = "delegation.created", "A prescriber delegated to an assistant"
    DELEGATION_ENDED = "delegation.ended", "A prescriber or their delegate ended a delegation"
    DELEGATION_EXPIRED = (
        "delegation.expired",
        "A delegation reached its end date; both sides were told",
    )
    DELEGATION_LINKED = (
        "delegation.linked",
        "The approval of a 4313 request linked the user to the professional who authorized it",
    )
    DRUGS_IMPORTED = "drugs.imported", "Staff imported a drug list"

    # --- messaging -----------------------------------------------------------------------------
    MESSAGE_THREAD_OPENED = (
        "message.thread_opened",
        "A professional wrote a new message to the Régie",
    )
    MESSAGE_THREAD_OPENED_BY_AGENT = (
        "message.thread_opened_by_agent",
        "A Régie agent wrote first to a professional (details: professional, team)",
    )
    MESSAGE_SENT = "message.sent", "A reply was added to a thread (by an agent or a professional)"
    MESSAGE_THREAD_CLOSED = "message.thread_closed", "An agent closed a thread"
    MESSAGE_THREAD_ARCHIVED = "message.thread_archived", "A professional archived a thread"
    MESSAGE_THREAD_RESTORED = (
        "message.thread_restored",
        "A professional took a thread out of archives",
    )
    MESSAGE_READ_BY_AGENT = "message.read_by_agent", "An agent read a professional's thread"
    MESSAGE_ATTACHMENT_READ_BY_AGENT = (
        "message.attachment_read_by_agent",
        "An agent opened an attachment of a professional's thread",
    )

    # --- notices -------------------------------------------------------------------------------
    NEWSLETTER_SAVED = "newsletter.saved", "Staff created or edited a newsletter"
    NEWSLETTER_PUBLISHED = "newsletter.published", "Staff published a newsletter"
    NEWSLETTER_WITHDRAWN = "newsletter.withdrawn", "Staff took a newsletter off the public pages"

    # --- establishments ------------------------------------------------------------------------
    ESTABLISHMENTS_IMPORTED = (
        "establishments.imported",
        "Reference data (establishments, installations, OPTILAB clusters, GMFs) was imported",
    )
    SIGNATORY_RECORDED = (
        "signatory.recorded",
        "An agent entered an authorized signatory in the register (board resolution if required)",
    )
    SIGNATORY_ENDED = "signatory.ended", "An agent took an authorized signatory off the register"
    SIGNATORY_LINKED = (
        "signatory.linked",
        "An agent linked a register entry made before the link to the access request that "
        "designated the signatory",
    )
    ASSOCIATION_CREATED = (
        "association.created",
        "A signatory was associated with a professional at an installation for a period",
    )
    ASSOCIATION_CHANGED = (
        "association.changed",
        "An association's signatory or dates changed (details: before and after)",
    )
    ASSOCIATION_ENDED = (
        "association.ended",
        "An association between signatory and professional ended",
    )
    ASSOCIATIONS_EXPORTED = (
        "association.exported",
        "The associations of a scope were exported (CSV)",
    )
    PAYMENT_REQUEST_SUBMITTED = (
        "payment_request.submitted",
        "A professional submitted (or corrected) a payment request",
    )
    PAYMENT_REQUESTS_IMPORTED = (
        "payment_request.imported",
        "An agent imported payment requests sent by software (CSV)",
    )
    PAYMENT_REQUEST_AUTHORIZED = (
        "payment_request.authorized",
        "A signatory authorized a payment request",
    )
    PAYMENT_REQUESTS_BULK_AUTHORIZED = (
        "payment_request.bulk_authorized",
        "A signatory authorized several payment requests at once, after one confirmation",
    )
    PAYMENT_REQUEST_REFUSED = "payment_request.refused", "A signatory refused a payment request"
    PAYMENT_REQUEST_RETURNED = (
        "payment_request.returned",
        "A signatory returned a payment request to its professional for correction",
    )
    PAYMENT_REQUESTS_TRANSMITTED = (
        "payment_request.transmitted",
        "Authorized payment requests were transmitted for payment",
    )
    PAYMENT_DIGEST_SENT = (
        "payment_request.digest_sent",
        "The daily digest told signatories how many requests wait (no personal data)",
    )
    ESTABLISHMENT_DATA_READ = (
        "establishments.read",
        "An agent read an establishment's register, associations, queues or a request's history",
    )
    # --- b2b -----------------------------------------------------------------------------------
    B2B_CLIENT_CREATED = "b2b.client_created", "An approved B2B request got its OAuth client"
    B2B_SECRET_REPLACED = (
        "b2b.secret_replaced",
        "The IT lead replaced a client's initial secret (it opened nothing before)",
    )
    B2B_SECRET_ROTATED = (
        "b2b.secret_rotated",
        "The IT lead rotated a client's secret (details: grace days of the old one)",
    )
    B2B_CLIENT_REVOKED = "b2b.client_revoked", "A client was revoked and its tokens deleted"
    B2B_PRACTICE_LINKED = "b2b.practice_linked", "An agent linked a practice number to a client"
    B2B_TOKEN_ISSUED = "b2b.token_issued", "A client obtained a bearer token"
    B2B_TOKEN_REFUSED = (
        "b2b.token_refused",
        "A known client was refused a token (details: why: revoked, initial secret, no grant)",
    )
    B2B_CALL = (
        "b2b.call",
        "One call of a B2B service (details: client, service, outcome; subject_key: the NAM)",
    )
    B2B_CLAIM_READ = (
        "b2b.claim_read",
        "An agent opened a SELAT claim (form 4134) to process it (subject_key: the NAM)",
    )
    B2B_CLAIM_TAKEN = (
        "b2b.claim_taken",
        "A SELAT claim went from received to processing (by an agent, or the sandbox's schedule)",
    )
    B2B_CLAIM_ACCEPTED = (
        "b2b.claim_accepted",
        "A SELAT claim was accepted (by an agent, or the sandbox's schedule)",
    )
    B2B_CLAIM_REFUSED = (
        "b2b.claim_refused",
        "A SELAT claim was refused, with a reason in French and English",
    )
    B2B_SOFTWARE_AUTHORIZED = (
        "b2b.software_authorized",
        "An establishment authorized a vendor's client to submit payment requests (installations)",
    )
    B2B_SOFTWARE_AUTHORIZATION_ENDED = (
        "b2b.software_authorization_ended",
        "An establishment ended a vendor's client's authorization for an installation",
    )
    B2B_SANDBOX_PAYMENT_REQUEST_DECIDED = (
        "b2b.sandbox_payment_request_decided",
        "The sandbox decided a training client's payment request on its schedule",
    )

    # --- privacy -------------------------------------------------------------------------------
    PRIVACY_INCIDENT_RECORDED = (
        "privacy.incident_recorded",
        "A confidentiality incident was registered",
    )
    PRIVACY_INCIDENT_UPDATED = "privacy.incident_updated", "A registered incident was completed"
    PERSONAL_DATA_EXPORTED = (
        "privacy.data_exported",
        "A person downloaded their own data (each app's privacy.py gives its part)",
    )
    RETENTION_PURGED = (
        "privacy.retention_purged",
        "Data past its retention period was purged (details: purged, per app's privacy.py)",
    )
    INSURED_PERSON_READS_SEARCHED = (
        "privacy.insured_reads_searched",
        "The privacy office listed the reads of a NAM for an insured person's access request "
        "(subject_key: NAM; details: reference, received_on, results)",
    )
    INSURED_PERSON_READS_EXPORTED = (
        "privacy.insured_reads_exported",
        "The privacy office downloaded that list (subject_key: NAM; details: reference, "
        "received_on, format, language, results)",
    )
    INSURED_PERSON_IDENTITY_MISMATCH = (
        "privacy.insured_identity_mismatch",
        "An insured person's access request was refused: the identity typed disagrees with the "
        "NAM or a register (subject_key: NAM; details: reference, fields)",
    )
