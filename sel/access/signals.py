"""Signals of the access app, for the apps above it (which access must not import).

``access_request_approved`` is sent inside the approval's transaction, after the grants, with
``access_request``, ``account``, ``agent`` and ``request``: a receiver that raises undoes the
approval. The exception-drugs app links the user to the professional who authorized the request
(``sel.exception_drugs.services.delegation_from_approval``)."""

from __future__ import annotations

from django.dispatch import Signal

access_request_approved = Signal()
