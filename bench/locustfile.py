"""The mixed load of issue #16 for Locust (headless, driven by bench/cluster.py): each virtual user
is the demo pharmacist in a browser, logging in, opening the home page, consulting by NAM, reading
the inbox and a thread, writing a message, and submitting an access request (form 4313)."""

from __future__ import annotations

import base64
import io
import itertools
import os
import re
import uuid
from typing import Any

from locust import FastHttpUser, constant, task
from PIL import Image, ImageDraw

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBJECT = re.compile(r'<select name="subject"[^>]*>.*?<option value="(\d+)"', re.DOTALL)
SERVICE = re.compile(r'name="online_services" value="(\d+)"')
FUNCTION = re.compile(r'name="function" value="([^"]+)"')
THREAD = re.compile(r'href="(/messagerie/echanges/\d+/)"')
PASSWORD = "Demo-SEL-2026-portail"  # noqa: S105 - demo data
# One account per virtual user (bench/cluster.py makes them, copies of the demo pharmacist): the
# login throttle counts concurrent tries of one account as guesses, as it should.
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "0"))
_numbers = itertools.count()
NAM, DIN = "TREM56623101", "02258595"


def _signature() -> str:
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(20, 70), (80, 20), (150, 80), (280, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


SIGNATURE = _signature()


class Pharmacist(FastHttpUser):
    wait_time = constant(0)  # a closed loop: the next request as soon as the last is answered

    def _csrf(self, path: str, name: str) -> tuple[str, str]:
        with self.client.get(path, name=name, catch_response=True) as response:
            page = response.text or ""
            match = CSRF.search(page)
            if match is None:
                response.failure(f"no form on {path} ({response.status_code})")
                return "", page
            return match.group(1), page

    def _post(self, path: str, name: str, data: dict[str, Any], expect: int) -> None:
        headers = {"Referer": f"{self.host}{path}"}
        with self.client.post(
            path, data=data, name=name, headers=headers, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")

    def on_start(self) -> None:
        n = next(_numbers)
        self.username = f"IP7{n % ACCOUNTS:05d}" if ACCOUNTS else "IP100001"
        self.login()

    @task(1)
    def login(self) -> None:
        self.client.cookiejar.clear()
        token, _page = self._csrf("/compte/connexion/", "login (form)")
        if token:
            self._post(
                "/compte/connexion/", "login",
                {"csrfmiddlewaretoken": token, "username": self.username,
                 "password": PASSWORD}, 302,
            )  # fmt: skip

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def consult(self) -> None:
        token, _page = self._csrf("/medicaments-exception/", "consult (form)")
        if token:
            self._post(
                "/medicaments-exception/", "consult",
                {"csrfmiddlewaretoken": token, "nam": NAM, "drug": DIN}, 200,
            )  # fmt: skip

    @task(3)
    def read_messages(self) -> None:
        with self.client.get("/messagerie/", name="inbox", catch_response=True) as response:
            found = THREAD.search(response.text or "")
        if found:
            self.client.get(found.group(1), name="thread")

    @task(1)
    def write_message(self) -> None:
        token, page = self._csrf("/messagerie/ecrire/", "message (form)")
        subject = SUBJECT.search(page)
        if token and subject:
            self._post(
                "/messagerie/ecrire/", "message",
                {"csrfmiddlewaretoken": token, "subject": subject.group(1),
                 "title": "Question", "body": f"Banc d'essai {uuid.uuid4().hex}"}, 302,
            )  # fmt: skip

    @task(1)
    def access_request(self) -> None:
        token, page = self._csrf("/acces/demande/4313/", "access request (form)")
        service, function = SERVICE.search(page), FUNCTION.search(page)
        if not (token and service and function):
            return
        unique = uuid.uuid4().hex[:12]
        self._post(
            "/acces/demande/4313/", "access request",
            {"csrfmiddlewaretoken": token, "online_services": service.group(1),
             "last_name": "tremblay", "first_name": "julie", "sex": "F",
             "function": function.group(1), "existing_username": "",
             "organization_name": "pharmacie du quartier", "organization_number": "01234",
             "address": "123 rue principale, québec", "postal_code": "g1k7t3",
             "phone": "(418) 643-8210", "phone_ext": "", "fax": "",
             "email": f"u{unique}@exemple.qc.ca", "authorizer_email": f"a{unique}@pharmacie.qc.ca",
             "commitment": "on", "signature_drawn": SIGNATURE}, 302,
        )  # fmt: skip
