"""A deadline chosen as a date is the end of that day, and is shown as that date."""

import datetime
import zoneinfo

from django.template import Context, Template

from coproduce.dates import end_of_day, format_deadline, last_day

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_the_end_of_a_day_is_the_next_midnight_in_that_zone():
    moment = end_of_day(datetime.date(2030, 12, 20), NEW_YORK)
    assert moment == datetime.datetime(2030, 12, 21, 5, 0, tzinfo=datetime.UTC)


def test_a_deadline_at_the_end_of_a_day_is_shown_as_that_day_in_its_own_zone():
    moment = end_of_day(datetime.date(2030, 12, 20), NEW_YORK)
    assert format_deadline(moment, NEW_YORK) == "until the end of 20 December 2030"
    assert format_deadline(moment, "America/New_York") == "until the end of 20 December 2030"
    assert (
        format_deadline(moment, NEW_YORK, "l j F Y") == "until the end of Friday 20 December 2030"
    )
    assert last_day(moment, NEW_YORK) == datetime.date(2030, 12, 20)


def test_a_deadline_at_another_time_says_the_time():
    moment = datetime.datetime(2030, 12, 20, 15, 30, tzinfo=LONDON)
    assert format_deadline(moment, LONDON) == "until 15:30 on 20 December 2030"
    assert last_day(moment, LONDON) == datetime.date(2030, 12, 20)


def test_the_template_filters_use_the_zone_given():
    template = Template(
        '{% load dates %}{{ moment|until:zone }} / {{ moment|last_day:zone|date:"j F Y" }}'
    )
    moment = end_of_day(datetime.date(2030, 6, 1), NEW_YORK)
    text = template.render(Context({"moment": moment, "zone": NEW_YORK}))
    assert text == "until the end of 1 June 2030 / 1 June 2030"
    assert (
        Template("{% load dates %}[{{ none|until:zone }}]").render(Context({"zone": NEW_YORK}))
        == "[]"
    )
