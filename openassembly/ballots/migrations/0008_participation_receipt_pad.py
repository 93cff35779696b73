from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ballots", "0007_members_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="receipt_pad",
            field=models.CharField(blank=True, default="", max_length=15),
        ),
    ]
