"""Views of the access requests, one module per flow: public (user, authorizer, status), agent."""
