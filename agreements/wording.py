"""A decision rule in plain words: one sentence for who decides and how, then one each for the
fall-back, how many must take part and how disagreement is recorded.

Every combination that ``DecisionRuleForm`` accepts reads as a correct sentence;
``tests/agreements/test_decision_sentences.py`` goes through all of them.
"""

import re

from django.utils.translation import gettext_lazy as _

from .choices import Decider, DecisionMethod, Dissent, Quorum

# A name that starts with one of these already reads correctly after "made by".
DETERMINERS = {
    *("the", "a", "an", "our", "their", "its", "this", "that", "these", "those", "my", "your"),
}
QUOTES = "\"'“”‘’«»„"

DECIDERS = {
    Decider.WHOLE_GROUP: _("the whole group"),
    Decider.NAMED_GROUP: _("a named group"),
    Decider.FACILITATORS: _("the facilitators"),
    Decider.LEAD: _("the project lead"),
    Decider.PARTNER: _("a partner organisation"),
}
# A name without an article of its own ("Steering group", "University of Leeds"): quoted after
# words that always read correctly.
NAMED_DECIDERS = {
    Decider.NAMED_GROUP: _("the group called “%(name)s”"),
    Decider.PARTNER: _("the partner organisation “%(name)s”"),
}
METHOD_PHRASES = {
    DecisionMethod.UNANIMITY: _("by a unanimous vote"),
    DecisionMethod.CONSENSUS: _("by consensus"),
    DecisionMethod.CONSENT: _("by consent"),
    DecisionMethod.MAJORITY: _("by a simple majority"),
    DecisionMethod.LEAD: _("after consulting the whole group"),
}
MAJORITY_WORDS = {
    60: _("three-fifths"),
    66: _("two-thirds"),
    67: _("two-thirds"),
    75: _("three-quarters"),
    80: _("four-fifths"),
}
# How many must take part, said of whoever takes part: the project's members (the whole
# group, or everyone consulted), the facilitators, or the named group or organisation.
MEMBERS_QUORUM = {
    Quorum.THIRD: _("At least a third of the members must take part."),
    Quorum.HALF: _("At least half of the members must take part."),
    Quorum.TWO_THIRDS: _("At least two-thirds of the members must take part."),
    Quorum.THREE_QUARTERS: _("At least three-quarters of the members must take part."),
    Quorum.ALL: _("Every member must take part."),
}
FACILITATORS_QUORUM = {
    Quorum.THIRD: _("At least a third of the facilitators must take part."),
    Quorum.HALF: _("At least half of the facilitators must take part."),
    Quorum.TWO_THIRDS: _("At least two-thirds of the facilitators must take part."),
    Quorum.THREE_QUARTERS: _("At least three-quarters of the facilitators must take part."),
    Quorum.ALL: _("Every facilitator must take part."),
}
ITS_MEMBERS_QUORUM = {
    Quorum.THIRD: _("At least a third of its members must take part."),
    Quorum.HALF: _("At least half of its members must take part."),
    Quorum.TWO_THIRDS: _("At least two-thirds of its members must take part."),
    Quorum.THREE_QUARTERS: _("At least three-quarters of its members must take part."),
    Quorum.ALL: _("All of its members must take part."),
}
DISSENT_SENTENCES = {
    Dissent.NAMED: _("Disagreement is written in the notes of the meeting, with names."),
    Dissent.UNNAMED: _("Disagreement is written in the notes of the meeting, without names."),
    Dissent.REPORT: _("Disagreement and its reasons are given in the project's reports."),
}


def tidy(text: str) -> str:
    """One line, without surrounding quotes or a full stop of its own, and with a leading
    "The" written "the" as it is in the middle of a sentence."""
    text = " ".join(text.split())
    if len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    text = text.rstrip(".,;: ")
    first, _space, rest = text.partition(" ")
    if rest and first.casefold() in DETERMINERS and first[:1].isupper() and first[1:].islower():
        text = f"{first.lower()} {rest}"
    return text


def area_phrase(area: str) -> str:
    """What the decisions are about, as it reads after "Decisions about"."""
    return tidy(re.sub(r"^\s*(decisions\s+(about|on)|about)(\s+|$)", "", area, flags=re.IGNORECASE))


def has_determiner(name: str) -> bool:
    first, _space, rest = name.partition(" ")
    return bool(rest) and first.casefold() in DETERMINERS


def decider_phrase(who: str, name: str, method: str) -> str:
    """Who decides, as it reads after "made by"."""
    if who in Decider.named() and (name := tidy(name)):
        return name if has_determiner(name) else NAMED_DECIDERS[who] % {"name": name}
    if who == Decider.WHOLE_GROUP and method == DecisionMethod.LEAD:
        # Written before the project lead could be chosen as the one who decides.
        return str(DECIDERS[Decider.LEAD])
    return str(DECIDERS.get(who, DECIDERS[Decider.WHOLE_GROUP]))


def method_phrase(method: str, percentage: int | None) -> str:
    """How they decide, as it reads after who decides ("by consensus")."""
    if method != DecisionMethod.SUPERMAJORITY:
        return str(METHOD_PHRASES[method])
    if percentage is None:
        return str(_("by a set majority"))
    if percentage in MAJORITY_WORDS:
        return _("by a %(share)s majority") % {"share": MAJORITY_WORDS[percentage]}
    if str(percentage).startswith("8"):  # "an eighty-five per cent majority"
        return _("by an %(share)s%% majority") % {"share": percentage}
    return _("by a %(share)s%% majority") % {"share": percentage}


def quorum_sentence(who: str, method: str, quorum: str) -> str:
    if method == DecisionMethod.LEAD or who in (Decider.WHOLE_GROUP, Decider.LEAD):
        return str(MEMBERS_QUORUM[quorum])
    if who == Decider.FACILITATORS:
        return str(FACILITATORS_QUORUM[quorum])
    return str(ITS_MEMBERS_QUORUM[quorum])


def decision_sentence(
    *,
    area: str,
    who: str,
    who_name: str,
    method: str,
    percentage: int | None,
    fallback: str,
    quorum: str,
    dissent: str,
) -> str:
    """The rule in plain words: "Decisions about the budget are made by the whole group by
    consent. If there is no agreement, by a two-thirds majority. …"."""
    values = {
        "area": area_phrase(area),
        "who": decider_phrase(who, who_name, method),
        "how": method_phrase(method, percentage),
    }
    if method == DecisionMethod.LEAD:
        first = _("Decisions about %(area)s are made by %(who)s after consulting the whole group.")
    else:
        first = _("Decisions about %(area)s are made by %(who)s %(how)s.")
    sentences = [first % values]
    if fallback == DecisionMethod.LEAD:
        sentences.append(_("If there is no agreement, the project lead decides."))
    elif fallback:
        how = method_phrase(fallback, percentage)
        sentences.append(_("If there is no agreement, %(how)s.") % {"how": how})
    if quorum:
        sentences.append(quorum_sentence(who, method, quorum))
    if dissent:
        sentences.append(DISSENT_SENTENCES[dissent])
    return " ".join(str(sentence) for sentence in sentences)
