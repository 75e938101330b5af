from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sel.privacy.services import personal_data_export


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html")


@login_required
@require_POST
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user, request=request)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-renseignements-sel.json"'
    return response
