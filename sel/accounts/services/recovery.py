"""*Mot de passe oublié?* (seeds 001, 002): username or alias → single-use code emailed to the
account's address → 3 of the user's 8 questions, drawn by the server and fixed for the attempt
(with the second factor if the account has one) → new password → *Questions secrètes* to review.

The state lives in the session under two keys: ``SESSION_KEY``, the attempt's id, and
``ANSWERS_OK_KEY``, set once the answers were right; the attempt itself, with its hashed code and
drawn questions, is an ``EmailCode`` row. Up to the emailed code, an unknown,
a locked, a disabled and a no-questions account get the same page, status and work.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts import codes, questions, secondfactor, throttle
from sel.accounts.backends import user_find_by_identifier
from sel.accounts.models import EmailCode, LockReason, User
from sel.accounts.services.password import password_change
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import client_ip
from sel.core.limits import recipients_limit_reached
from sel.outbox.services import send_email_later

SESSION_KEY = "sel_recovery"
ANSWERS_OK_KEY = "sel_recovery_answers_ok"
ATTEMPT_AFTER_CODE = timedelta(minutes=30)


def _eligible(user: User | None) -> bool:
    """Who gets the emailed code: an active account not blocked by "this was not me" and whose
    recovery is not locked. An account locked otherwise gets it like any other, so the pages tell
    nothing before the code; once its owner has answered, it is told to call
    (``locked_account_calls_support_centre``)."""
    return (
        user is not None
        and user.is_active
        and user.lock_reason != LockReason.NOT_ME
        and not throttle.recovery_is_locked(user.pk)
    )


def _decoy_questions(identifier: str) -> list[str]:
    """For a name with no account: 3 catalogue questions fixed by the name, so reloading shows the
    same ones as for a real account (only used when the emailed code is turned off)."""
    seed = hmac.new(
        settings.SECRET_KEY.encode(), identifier.strip().casefold().encode(), hashlib.sha256
    ).digest()
    return random.Random(seed).sample(sorted(questions.CATALOGUE), questions.QUESTIONS_ASKED)


def _draw_questions(user: User) -> list[str]:
    """Seed 001: « répondre à trois questions secrètes parmi les huit que vous avez choisies »,
    drawn by the server; an unexpired attempt of the same user keeps its draw."""
    previous = (
        EmailCode.objects.filter(
            user=user, purpose=EmailCode.Purpose.RECOVERY, expires_at__gt=timezone.now()
        )
        .exclude(questions=[])
        .filter(completed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if previous is not None:
        return list(previous.questions)
    owned = sorted(user.secret_answers.values_list("question", flat=True))
    return secrets.SystemRandom().sample(owned, questions.QUESTIONS_ASKED)


@transaction.atomic
def recovery_start(request: HttpRequest, identifier: str) -> EmailCode:
    """Starts an attempt whatever the name; emails a code only to an eligible account's own
    address, at most ``EMAILS_PER_RECIPIENT_PER_DAY`` times a day. The page that follows is the
    same in every case."""
    user = user_find_by_identifier(identifier)
    eligible = _eligible(user)
    attempt, code = codes.email_code_new(
        purpose=EmailCode.Purpose.RECOVERY, user=user if eligible else None
    )
    # One count per attempt, whatever the name (an unknown name counts against itself), so that
    # the work is the same; past the daily limit of its address, a real account gets no code
    # and the page is the same.
    limited = settings.RECOVERY_EMAIL_CODE and recipients_limit_reached(
        user.email if eligible and user is not None else f"{identifier.strip()}@unknown.invalid",
        flow="recovery",
    )
    if eligible and user is not None:
        if settings.RECOVERY_EMAIL_CODE and not limited:
            send_email_later(
                to=user.email,
                language=user.language,
                template="accounts/recovery_code",
                context={"first_name": user.first_name, "minutes": 15},
                secret_context={"code": code},
            )
        elif not settings.RECOVERY_EMAIL_CODE:
            _code_skipped(attempt, user)
    elif not settings.RECOVERY_EMAIL_CODE:
        attempt.questions = _decoy_questions(identifier)
        attempt.save(update_fields=["questions"])
    record(
        action=Action.RECOVERY_STARTED,
        target=user,
        request=request,
        details={"identifier": identifier[:64]},
    )
    request.session[SESSION_KEY] = str(attempt.pk)
    request.session.pop(ANSWERS_OK_KEY, None)
    return attempt


def _code_skipped(attempt: EmailCode, user: User) -> None:
    """RECOVERY_EMAIL_CODE off (the seeds' exact flow): straight to the questions."""
    attempt.verified_at = timezone.now()
    attempt.expires_at = timezone.now() + ATTEMPT_AFTER_CODE
    if user.secret_answers.count() >= questions.QUESTIONS_REQUIRED:
        attempt.questions = _draw_questions(user)
    attempt.save(update_fields=["verified_at", "expires_at", "questions"])


def current_attempt(request: HttpRequest) -> EmailCode | None:
    attempt_id = request.session.get(SESSION_KEY)
    if not attempt_id:
        return None
    attempt = (
        EmailCode.objects.select_related("user")
        .filter(pk=attempt_id, purpose=EmailCode.Purpose.RECOVERY)
        .first()
    )
    if attempt is None or attempt.completed_at is not None or attempt.expires_at <= timezone.now():
        return None
    return attempt


@dataclass(frozen=True)
class CodeResult:
    ok: bool
    no_questions: bool = False
    throttled: bool = False
    exhausted: bool = False


@transaction.atomic
def recovery_code_check(request: HttpRequest, attempt: EmailCode, code: str) -> CodeResult:
    """The emailed code of this attempt (5 tries); then the questions are drawn, or the seed's
    error if the user has none."""
    if throttle.code_attempts_exceeded(client_ip(request)):
        return CodeResult(ok=False, throttled=True)
    if not codes.email_code_check(attempt, code):
        record(action=Action.RECOVERY_CODE_FAILED, target=attempt.user, request=request)
        return CodeResult(ok=False, exhausted=attempt.tries >= codes.CODE_MAX_TRIES)
    user = attempt.user
    assert user is not None  # an attempt without account never matches
    attempt.expires_at = timezone.now() + ATTEMPT_AFTER_CODE
    if user.secret_answers.count() < questions.QUESTIONS_REQUIRED:
        attempt.save(update_fields=["expires_at"])
        return CodeResult(ok=True, no_questions=True)
    attempt.questions = _draw_questions(user)
    attempt.save(update_fields=["expires_at", "questions"])
    return CodeResult(ok=True)


def no_questions(attempt: EmailCode) -> bool:
    """Seed 001: « Si vous n'avez pas choisi vos huit questions secrètes avant d'utiliser l'option
    Mot de passe oublié?, le système affiche un message d'erreur et vous devez appeler le Centre
    d'assistance aux professionnels pour obtenir un mot de passe temporaire »."""
    return attempt.user is not None and not attempt.questions


def locked_account_calls_support_centre(user: User) -> bool:
    """Seed 002: « Pour obtenir à nouveau votre NIP ou le formulaire d'accès, pour un compte
    verrouillé, un échec lors de votre connexion ou l'oubli de votre nom d'utilisateur, veuillez
    joindre le Centre d'assistance aux professionnels ». *Mot de passe oublié?* never unlocks an
    account (failure limit, "this was not me", support centre): once its owner has proven who
    they are (code and answers), the page says to call, with the numbers. The short waits after
    a few failures are not a lock: a completed recovery ends them (``recovery_complete``)."""
    return User.objects.filter(pk=user.pk, locked_at__isnull=False).exists()


@dataclass(frozen=True)
class AnswersResult:
    ok: bool
    locked: bool = False  # recovery is locked for 24 hours (3 failures)
    account_locked: bool = False  # right answers, but the account is locked: call the centre


@transaction.atomic
def recovery_answers_check(
    request: HttpRequest, attempt: EmailCode, answers: dict[str, str], second_factor: str = ""
) -> AnswersResult:
    """All 3 answers right, and the second factor if the account has one (recovery never
    bypasses it). Wrong answers count toward the 24-hour recovery lock (3 failures)."""
    user = attempt.user
    if user is None or not attempt.questions or attempt.verified_at is None:
        # Decoy attempt (no account): same work, never right.
        for code in attempt.questions:
            questions.answer_matches(answers.get(code, ""), questions.decoy_hash())
        return AnswersResult(ok=False)
    if not throttle.recovery_attempt_begin(user.pk):
        return AnswersResult(ok=False, locked=True)
    stored = dict(
        user.secret_answers.filter(question__in=attempt.questions).values_list(
            "question", "answer_hash"
        )
    )
    results = [
        questions.answer_matches(answers.get(code, ""), stored.get(code, ""))
        for code in attempt.questions
    ]
    right = all(results) and len(results) == questions.QUESTIONS_ASKED
    if right and user.has_second_factor:
        right = secondfactor.second_factor_verify(user=user, code=second_factor, request=request)
    if right:
        throttle.recovery_attempt_right(user.pk)
        if locked_account_calls_support_centre(user):
            record(
                action=Action.RECOVERY_FAILED,
                target=user,
                request=request,
                details={"reason": "account_locked"},
            )
            return AnswersResult(ok=False, account_locked=True)
        request.session[ANSWERS_OK_KEY] = str(attempt.pk)
        return AnswersResult(ok=True)
    locked = throttle.recovery_failure_record(user.pk)
    record(action=Action.RECOVERY_FAILED, target=user, request=request)
    if locked:
        record(action=Action.RECOVERY_LOCKED, target=user, request=request)
        send_email_later(
            to=user.email,
            language=user.language,
            template="accounts/recovery_locked",
            context={"first_name": user.first_name, "hours": 24},
        )
    return AnswersResult(ok=False, locked=locked)


def answers_verified(request: HttpRequest, attempt: EmailCode) -> bool:
    return request.session.get(ANSWERS_OK_KEY) == str(attempt.pk)


@transaction.atomic
def recovery_complete(request: HttpRequest, attempt: EmailCode, new_password: str) -> User | None:
    """New password: every session of the user ends, an email with a "this was not me" link goes
    out, the user is not logged in, and lands on *Questions secrètes* after the next login
    (seed 001: « Après le changement de mot de passe, vous serez automatiquement dirigé vers la
    page Questions secrètes »). The waits of this client address and the failure counts end, as
    after a login. None, changing nothing, if the account is locked (even since the answers)."""
    assert attempt.user is not None
    user = User.objects.select_for_update().get(pk=attempt.user.pk)
    if locked_account_calls_support_centre(user):
        return None
    user = password_change(user=user, new_password=new_password, request=request, via="recovery")
    User.objects.filter(pk=user.pk).update(must_set_questions=True)
    throttle.login_success_record(throttle.account_key(user.username, user.pk), client_ip(request))
    throttle.recovery_counters_clear(user.pk)
    EmailCode.objects.filter(pk=attempt.pk).update(completed_at=timezone.now())
    record(action=Action.RECOVERY_SUCCEEDED, actor=None, target=user, request=request)
    request.session.pop(SESSION_KEY, None)
    request.session.pop(ANSWERS_OK_KEY, None)
    return user
