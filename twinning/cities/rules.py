from twinning.accounts.rules import add_model_perms, is_administrator, is_coordinator

for model in ("city", "cityfact", "relationship", "agreement", "exchangerate"):
    add_model_perms(
        f"cities.{model}",
        view=is_coordinator,
        add=is_coordinator,
        change=is_coordinator,
        delete=is_administrator,
    )
