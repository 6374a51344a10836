"""Built-in criteria sets for assessing observed teaching practice (TOML, kind = "criteria")."""
