"""The access app's forms by audience: ``public`` (the requester and the authorizer, no account
needed) and ``agent`` (the Régie's section 4 and paper requests)."""
