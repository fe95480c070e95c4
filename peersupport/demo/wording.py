"""The sentences of an example group, written from its fields so that they agree with them.

A drop-in group never asks anyone to register, a group names exactly the audiences it is tagged
for, the words about meeting match the format, and a program for people who use violence says
plainly what it passes on (to a court, to a partner, to the police when someone is at risk)
instead of promising a secrecy it cannot keep.
"""

from typing import NamedTuple

from groups.models import AddressVisibility, Audience, Cohort, Facilitation, Format, Joining
from peersupport.demo.listings import DemoGroup
from search.choices import Language

SEPARATED = "people-who-use-violence"
FAMILY = "family-and-friends"


class Theme(NamedTuple):
    topic: str  # what the group talks about: "a group about ..."
    who: str  # who it is for, after the audience: "for women ..."
    content_note: str


THEMES = {
    "domestic-violence": Theme(
        "life after abuse at home",
        "who have lived with abuse at home",
        "Members sometimes talk about abuse they lived through.",
    ),
    "intimate-partner-violence": Theme(
        "healing after an abusive relationship",
        "who were hurt or controlled by a partner",
        "Members sometimes talk about abuse by a partner.",
    ),
    "sexual-violence": Theme(
        "healing after sexual violence",
        "who have lived through sexual violence",
        "Members sometimes talk about sexual assault.",
    ),
    "self-injury": Theme(
        "living with self-injury",
        "who hurt themselves to cope",
        "Members sometimes talk about self-injury. Nobody describes injuries in detail.",
    ),
    "mental-health": Theme(
        "living well with a mental health condition",
        "living with depression, anxiety or another mental health condition",
        "",
    ),
    "trauma-ptsd": Theme(
        "living with the effects of trauma",
        "living with trauma or PTSD",
        "Members sometimes talk about traumatic events.",
    ),
    "co-occurring": Theme(
        "mental health and substance use together",
        "facing mental health and substance use at the same time",
        "",
    ),
    FAMILY: Theme(
        "supporting someone you care about",
        "of someone going through abuse or a crisis",
        "",
    ),
    SEPARATED: Theme(
        "stopping violence and taking responsibility",
        "who have hurt a partner or family member and want to stop",
        "",
    ),
}

# How the words name each audience, or pair of audiences, a group is for (the pairs are
# peersupport.demo.groups.SECOND_AUDIENCE).
AUDIENCE_WORDS = {
    frozenset({Audience.ANYONE}): "people",
    frozenset({Audience.WOMEN}): "women",
    frozenset({Audience.MEN}): "men",
    frozenset({Audience.LGBTQ}): "LGBTQ+ people",
    frozenset({Audience.TRANS_NONBINARY}): "trans and non-binary people",
    frozenset({Audience.YOUTH}): "young people aged 16 to 24",
    frozenset({Audience.OLDER_ADULTS}): "adults over 55",
    frozenset({Audience.FAMILY_FRIENDS}): "family and friends",
    frozenset({Audience.WOMEN, Audience.OLDER_ADULTS}): "women over 55",
    frozenset({Audience.MEN, Audience.YOUTH}): "young men aged 16 to 24",
    frozenset({Audience.LGBTQ, Audience.YOUTH}): "LGBTQ+ young people aged 16 to 24",
    # The closing comma is the aside's: "For LGBTQ+ people, including ..., who have ...".
    frozenset({Audience.LGBTQ, Audience.TRANS_NONBINARY}): (
        "LGBTQ+ people, including trans and non-binary people,"
    ),
}

LEADERS = {
    Facilitation.PEER: "Two volunteers who have lived through something similar lead the group.",
    Facilitation.PROFESSIONAL: "A trained counselor leads the group.",
    Facilitation.CO_FACILITATED: "A peer volunteer and a counselor lead the group together.",
}
CHILDCARE = "Childcare is offered in another room while the group meets."


def audience_words(audiences: list[str]) -> str:
    return AUDIENCE_WORDS[frozenset(audiences)]


def summary(group: DemoGroup) -> str:
    who = audience_words(group.audiences)
    return f"For {who} {THEMES[group.categories[0]].who}."


def how_it_meets(group: DemoGroup) -> str:
    if group.format == Format.ONLINE:
        if Language.ASL in group.languages:
            return "The group meets online by video, with cameras on so that members can sign."
        return "The group meets online by video, and you can keep your camera off."
    return {
        Format.IN_PERSON: "The group meets in person, in a quiet room.",
        Format.HYBRID: "Some members come in person and others join by video at the same time.",
        Format.PHONE: "The group meets by phone, so members hear each other but are not seen.",
    }[group.format]


def spoken_in(group: DemoGroup) -> str:
    labels = [Language(code).label for code in group.languages]
    return f"Meetings are in {' and '.join(labels)}."


def describe(group: DemoGroup) -> str:
    if SEPARATED in group.categories:
        return describe_separated(group)
    topics = " and ".join(THEMES[slug].topic for slug in group.categories)
    audience = (
        "open to anyone"
        if Audience.ANYONE in group.audiences
        else f"for {audience_words(group.audiences).rstrip(',')}"
    )
    meeting = (
        "Each meeting starts with a short check-in. You can say as much or as little as you "
        "like, or just listen. Then the group talks about a topic members chose, such as sleep, "
        "trust, setting boundaries or getting through hard days. Members agree to keep what "
        "others share to themselves, and the leaders explain at the start the few times they "
        "would have to tell someone else, such as when a person is in danger."
    )
    if group.childcare:
        meeting += f" {CHILDCARE}"
    return (
        f"A calm, welcoming group about {topics}, {audience}. {LEADERS[group.facilitation]} "
        f"{how_it_meets(group)} {spoken_in(group)}\n\n{meeting}\n\n"
        "Meetings end with each person naming one small thing they will do for themselves "
        "this week."
    )


def describe_separated(group: DemoGroup) -> str:
    """A program for people who use violence: non-blaming, about stopping harm, and honest
    that it cannot keep everything private (it reports to courts and acts on risk)."""
    who = audience_words(group.audiences)
    work = (
        "Nobody is put down here, and each member is expected to be honest about what they did. "
        "Members learn to notice their own warning signs, to handle anger, jealousy and stress "
        "without hurting others, and to repair harm where that is safe. The aim is for the "
        "people you live with, or used to live with, to be safe."
    )
    if group.childcare:
        work += f" {CHILDCARE}"
    return (
        f"A group for {who} {THEMES[SEPARATED].who}. A counselor and a peer leader who once "
        f"used violence and has since stopped lead it together. {how_it_meets(group)} "
        f"{spoken_in(group)}\n\n{work}\n\n"
        "Some of what you say here is passed on, and the leaders are open about that from the "
        "start. If a court or probation officer sent you, the program tells them whether you "
        "come and how you take part. The program may also contact your partner or former "
        "partner to offer them support. If the leaders believe someone is at risk of harm, they "
        "will act to keep that person safe, and that can mean calling the police. You hear all "
        "of this in the first conversation, before you agree to join.\n\n"
        "Each meeting ends with each person saying one thing they will do differently in the "
        "week ahead."
    )


def ways_to_reach(group: DemoGroup) -> str:
    """'Call, text or email', naming only the ways the listing gives."""
    ways = []
    # Sign language groups are reached in writing.
    if group.contact_phone and Language.ASL not in group.languages:
        ways.append("call")
    if group.contact_text:
        ways.append("text")
    if group.contact_email:
        ways.append("email")
    text = f"{', '.join(ways[:-1])} or {ways[-1]}" if len(ways) > 1 else ways[0]
    return text.capitalize()


def what_they_send(group: DemoGroup) -> str:
    """What the organiser sends someone who registered, given how the group meets."""
    if group.format == Format.PHONE:
        return "the number to call"
    if group.format == Format.ONLINE:
        return "the video link"
    place = (
        "directions to the room"
        if group.place.visibility == AddressVisibility.PUBLIC
        else "the exact place"
    )
    return f"{place} and the video link" if group.format == Format.HYBRID else place


def how_to_join(group: DemoGroup) -> str:
    ways = ways_to_reach(group)
    if group.joining == Joining.DROP_IN:
        return drop_in_steps(group, ways)
    if SEPARATED in group.categories:
        first = (
            f"{ways} the organiser to set up a first conversation with a counselor (about 30 "
            "minutes). It covers what the program asks of you, what it passes on and to whom, "
            "and whether it suits your situation. If a court or probation officer sent you, "
            "have the referral letter with you."
        )
    elif group.joining == Joining.INTAKE:
        first = (
            f"{ways} the organiser to set up a short, private conversation (about 15 minutes) "
            "to check the group is a good fit for you right now."
        )
    else:
        first = f"{ways} the organiser to save a place."
    steps = f"{first} After that, they will send you {what_they_send(group)}."
    if group.cohort == Cohort.CLOSED:
        steps += " New members join when a new round starts, every few months."
    return steps


def drop_in_steps(group: DemoGroup, ways: str) -> str:
    """Drop-in groups ask nobody to sign up; a private place still has to be asked for."""
    if group.format == Format.ONLINE:
        return "Join any meeting with the link on this page. You don't need to sign up."
    private = group.place.visibility != AddressVisibility.PUBLIC
    if group.format == Format.HYBRID:
        if private:
            return (
                "Join any meeting by video with the link on this page. To come in person, "
                f"{ways.lower()} the organiser to ask where the group meets. You don't need to "
                "sign up."
            )
        return (
            "Come to any meeting in person, or join by video with the link on this page. "
            "You don't need to sign up or get in touch first."
        )
    if private:
        return (
            f"{ways} the organiser to ask where the group meets. After that, come to any "
            "meeting you like. You don't need to sign up."
        )
    return "Come to any meeting. You don't need to sign up or get in touch first."


def what_happens_next(group: DemoGroup) -> str:
    if SEPARATED in group.categories:
        return (
            "The organiser will get back to you within two working days to set up the first "
            "conversation. You can ask anything before you decide, including what the program "
            "would pass on about you, and to whom."
        )
    if group.joining == Joining.DROP_IN:
        first_meeting = (
            "At your first meeting, a facilitator will say hello and explain how the group "
            "works. You don't have to share anything. If it doesn't feel right, you can leave at "
            "any time."
        )
        if group.place is not None and group.place.visibility != AddressVisibility.PUBLIC:
            return (
                "When you get in touch, the organiser will tell you where the group meets. "
                + first_meeting
            )
        return first_meeting
    return (
        "The organiser will get back to you within two working days, at the times you said are "
        f"safe. They will send you {what_they_send(group)} and answer your questions. You can "
        "change your mind at any point."
    )
