"""Mail runs move to the task worker (django-tasks) and keep a row per recipient.

Runs still queued are picked up by `openassembly tick`. A run the old runner left half-done
recorded only how many it had sent, not to whom, so it is closed as failed with that said, rather
than resumed and risk writing to someone twice; its starter can start it again.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def close_interrupted_runs(apps, schema_editor):
    apps.get_model("meetings", "Mailing").objects.filter(status="running").update(
        status="failed", finished_at=timezone.now(),
        error="Interrupted before the upgrade to the task worker; the count above is how many "
              "had been sent. Not resumed, so that nobody is written to twice.")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_covered_indexes'),
        ('members', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='mailing',
            name='enqueued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='mailing',
            name='lease_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='MailingDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('sending', 'not known: the run stopped while handing it over'), ('sent', 'sent'), ('failed', 'refused by the mail server')], default='sending', max_length=8)),
                ('at', models.DateTimeField()),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='members.member')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='meetings.mailing')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('run', 'member'), name='mailing_delivery_once')],
            },
        ),
        migrations.RunPython(close_interrupted_runs, migrations.RunPython.noop),
    ]
