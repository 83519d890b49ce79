"""Moving models from one app to another without touching their rows.

A model moves in two migrations: the new app's first migration takes the model into its
state (``take_models``: the table is renamed to the new app's name, its content type and
permissions follow it), and the old app's next migration lets go of it in state only
(``let_go_of_models``). Both run backwards too.
"""

from django.db import migrations


def take_models(*, from_app: str, to_app: str, models: list) -> list:
    """Operations for the new app's migration: ``models`` are its ``CreateModel`` operations,
    each with the old table's name as ``db_table``; no table is created."""
    names = [operation.name for operation in models]
    return [
        migrations.SeparateDatabaseAndState(state_operations=models),
        *[migrations.AlterModelTable(name=name, table=None) for name in names],
        migrations.RunPython(
            move_content_types(from_app, to_app, names),
            move_content_types(to_app, from_app, names),
        ),
    ]


def let_go_of_models(operations: list) -> list:
    """Operations for the old app's migration: the generated removals, in state only."""
    return [migrations.SeparateDatabaseAndState(state_operations=operations)]


def move_content_types(from_app: str, to_app: str, names: list[str]):
    """A RunPython function that moves the models' content types (and with them permissions
    and admin history) from one app label to the other."""
    models = [name.lower() for name in names]

    def move(apps, schema_editor) -> None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in models:
            if ContentType.objects.using(db).filter(app_label=to_app, model=model).exists():
                continue
            ContentType.objects.using(db).filter(app_label=from_app, model=model).update(
                app_label=to_app
            )

    return move
