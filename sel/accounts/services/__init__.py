"""The accounts' service layer, one module per business object (docs/architecture.md): ``account``
(creation, lock and unlock, alias, language), ``password``, ``secret_questions``, ``professions``
(what registration with a PIN opens for each), ``support`` (the support centre's actions, each
checking its permission), and the step flows a person walks through: ``login``,
``current_password``, ``recovery`` and ``registration_pin``."""
