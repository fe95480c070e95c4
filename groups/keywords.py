"""The finder's keyword box: words that name what a group is, as well as words in its text.

"Evening", "drop-in", "online", "mujeres" or "salud mental" find the groups whose meeting
times, joining, format, audience or topic say so, whether or not their description uses
the word. Other words are looked up in the groups' text, each as a prefix.
"""

import re
import unicodedata

# Examples the keyword box offers; each is a word below, so each finds groups.
EXAMPLES = ("evening", "drop-in")

# (filter parameter, value) each phrase stands for, in English and Spanish. Phrases are
# written as `plain` leaves them: lower case, no accents, no punctuation.
# Programs for people who use violence are left out on purpose: they are found only by
# choosing their own topic (docs/safety.md, rule 7).
PHRASES: dict[str, tuple[str, str]] = {
    # Topic
    "domestic violence": ("category", "domestic-violence"),
    "domestic abuse": ("category", "domestic-violence"),
    "dv": ("category", "domestic-violence"),
    "violencia domestica": ("category", "domestic-violence"),
    "intimate partner violence": ("category", "intimate-partner-violence"),
    "ipv": ("category", "intimate-partner-violence"),
    "dating violence": ("category", "intimate-partner-violence"),
    "violencia de pareja": ("category", "intimate-partner-violence"),
    "sexual violence": ("category", "sexual-violence"),
    "sexual assault": ("category", "sexual-violence"),
    "rape": ("category", "sexual-violence"),
    "violencia sexual": ("category", "sexual-violence"),
    "self injury": ("category", "self-injury"),
    "self harm": ("category", "self-injury"),
    "autolesion": ("category", "self-injury"),
    "autolesiones": ("category", "self-injury"),
    "mental health": ("category", "mental-health"),
    "salud mental": ("category", "mental-health"),
    "trauma": ("category", "trauma-ptsd"),
    "ptsd": ("category", "trauma-ptsd"),
    "trauma y tept": ("category", "trauma-ptsd"),
    "tept": ("category", "trauma-ptsd"),
    "substance use": ("category", "co-occurring"),
    "addiction": ("category", "co-occurring"),
    "co occurring": ("category", "co-occurring"),
    "adiccion": ("category", "co-occurring"),
    "adicciones": ("category", "co-occurring"),
    "family and friends": ("category", "family-and-friends"),
    # How it meets
    "online": ("format", "online"),
    "virtual": ("format", "online"),
    "video": ("format", "online"),
    "en linea": ("format", "online"),
    "in person": ("format", "in_person"),
    "face to face": ("format", "in_person"),
    "presencial": ("format", "in_person"),
    "en persona": ("format", "in_person"),
    "hybrid": ("format", "hybrid"),
    "hibrido": ("format", "hybrid"),
    "phone": ("format", "phone"),
    "telephone": ("format", "phone"),
    "by phone": ("format", "phone"),
    "telefono": ("format", "phone"),
    "por telefono": ("format", "phone"),
    # Joining
    "drop in": ("joining", "drop_in"),
    "dropin": ("joining", "drop_in"),
    "walk in": ("joining", "drop_in"),
    "sin cita": ("joining", "drop_in"),
    "register": ("joining", "registration"),
    "registration": ("joining", "registration"),
    "inscripcion": ("joining", "registration"),
    "intake": ("joining", "intake"),
    # Time of day
    "morning": ("time", "morning"),
    "mornings": ("time", "morning"),
    "manana": ("time", "morning"),
    "por la manana": ("time", "morning"),
    "afternoon": ("time", "afternoon"),
    "afternoons": ("time", "afternoon"),
    "tarde": ("time", "afternoon"),
    "por la tarde": ("time", "afternoon"),
    "evening": ("time", "evening"),
    "evenings": ("time", "evening"),
    "night": ("time", "evening"),
    "nights": ("time", "evening"),
    "after work": ("time", "evening"),
    "noche": ("time", "evening"),
    "por la noche": ("time", "evening"),
    # When
    "today": ("soon", "today"),
    "hoy": ("soon", "today"),
    "right now": ("soon", "hours"),
    "now": ("soon", "hours"),
    "ahora": ("soon", "hours"),
    "this week": ("soon", "yes"),
    "esta semana": ("soon", "yes"),
    # Day
    **{day: ("day", day[:3]) for day in ("monday", "tuesday", "wednesday", "thursday")},
    **{day: ("day", day[:3]) for day in ("friday", "saturday", "sunday")},
    "lunes": ("day", "mon"),
    "martes": ("day", "tue"),
    "miercoles": ("day", "wed"),
    "jueves": ("day", "thu"),
    "viernes": ("day", "fri"),
    "sabado": ("day", "sat"),
    "domingo": ("day", "sun"),
    # Who it is for
    "women": ("audience", "women"),
    "woman": ("audience", "women"),
    "mujeres": ("audience", "women"),
    "mujer": ("audience", "women"),
    "men": ("audience", "men"),
    "hombres": ("audience", "men"),
    "lgbtq": ("audience", "lgbtq"),
    "lgbt": ("audience", "lgbtq"),
    "queer": ("audience", "lgbtq"),
    "gay": ("audience", "lgbtq"),
    "lesbian": ("audience", "lgbtq"),
    "trans": ("audience", "trans_nonbinary"),
    "transgender": ("audience", "trans_nonbinary"),
    "non binary": ("audience", "trans_nonbinary"),
    "nonbinary": ("audience", "trans_nonbinary"),
    "youth": ("audience", "youth"),
    "teens": ("audience", "youth"),
    "teen": ("audience", "youth"),
    "young people": ("audience", "youth"),
    "jovenes": ("audience", "youth"),
    "older adults": ("audience", "older_adults"),
    "seniors": ("audience", "older_adults"),
    "elders": ("audience", "older_adults"),
    "mayores": ("audience", "older_adults"),
    "family": ("audience", "family_friends"),
    "familia": ("audience", "family_friends"),
    "familias": ("audience", "family_friends"),
    # Language
    "spanish": ("language", "es"),
    "espanol": ("language", "es"),
    "en espanol": ("language", "es"),
    "english": ("language", "en"),
    "ingles": ("language", "en"),
    "chinese": ("language", "zh"),
    "vietnamese": ("language", "vi"),
    "korean": ("language", "ko"),
    "tagalog": ("language", "tl"),
    "arabic": ("language", "ar"),
    "french": ("language", "fr"),
    "haitian creole": ("language", "ht"),
    "creole": ("language", "ht"),
    "russian": ("language", "ru"),
    "portuguese": ("language", "pt"),
    "asl": ("language", "ase"),
    "sign language": ("language", "ase"),
    # Cost, leadership, childcare
    "free": ("cost", "free"),
    "gratis": ("cost", "free"),
    "gratuito": ("cost", "free"),
    "no cost": ("cost", "free"),
    "sliding scale": ("cost", "sliding_scale"),
    "donation": ("cost", "donation"),
    "peer led": ("facilitation", "peer"),
    "peer run": ("facilitation", "peer"),
    "peers": ("facilitation", "peer"),
    "peer": ("facilitation", "peer"),
    "entre pares": ("facilitation", "peer"),
    "childcare": ("childcare", "yes"),
    "child care": ("childcare", "yes"),
    "cuidado de ninos": ("childcare", "yes"),
    "guarderia": ("childcare", "yes"),
}
# Words every listing here is, or that only say where: they narrow nothing, so they are
# left out rather than looked for in the text.
EVERY_GROUP = {
    "support group",
    "support groups",
    "peer support",
    "peer support group",
    "group",
    "groups",
    "support",
    "near me",
    "grupo",
    "grupos",
    "grupo de apoyo",
    "grupos de apoyo",
    "apoyo",
    "apoyo entre pares",
    "cerca de mi",
}
LONGEST_PHRASE = max(len(phrase.split()) for phrase in [*PHRASES, *EVERY_GROUP])


def plain(word: str) -> str:
    """A word without accents, in lower case: 'Línea' → linea."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in word if not unicodedata.combining(char))


def read_keywords(text: str) -> tuple[list[tuple[str, tuple[str, str]]], str]:
    """The phrases in `text` that name what a group is, longest first, and the other words as
    they were typed (accents and all, for the text search)."""
    words = re.findall(r"[^\W_]+", text.lower())
    plain_words = [plain(word) for word in words]
    found, rest, n = [], [], 0
    while n < len(words):
        for size in range(min(LONGEST_PHRASE, len(words) - n), 0, -1):
            phrase = " ".join(plain_words[n : n + size])
            if phrase in PHRASES or phrase in EVERY_GROUP:
                if phrase in PHRASES:
                    found.append((phrase, PHRASES[phrase]))
                n += size
                break
        else:
            rest.append(words[n])
            n += 1
    return found, " ".join(rest)
