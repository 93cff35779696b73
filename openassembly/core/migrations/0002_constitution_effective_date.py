from django.db import migrations, models
from django.db.models import F


def in_force_at_adoption(apps, schema_editor):
    # Every version stored before effective dates existed took effect when it was adopted.
    version = apps.get_model("core", "ConstitutionVersion")
    version.objects.update(effective_at=F("adopted_at"), applied_at=F("adopted_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="constitutionversion",
            name="effective_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="constitutionversion",
            name="applied_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="constitutionversion",
            name="effective_reason",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="constitutionversion",
            name="effective_rule",
            field=models.CharField(blank=True, default="", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(in_force_at_adoption, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="constitutionversion",
            name="effective_at",
            field=models.DateTimeField(),
        ),
        migrations.AddConstraint(
            model_name="constitutionversion",
            constraint=models.CheckConstraint(
                condition=models.Q(effective_at__gte=models.F("adopted_at")),
                name="constitution_effective_after_adoption",
            ),
        ),
    ]
