"""The fixed words of the respondent page in the languages a survey can be answered in.

A survey's own texts (questions, options) come from the survey; these are the page's buttons,
hints and errors. A language without an entry falls back to English.
"""

from __future__ import annotations

from django.utils.translation.trans_real import parse_accept_lang_header

from servicegap.lib.faces import labels as face_labels

EN = {
    "required": "required",
    "optional": "optional",
    "submit": "Send my answers",
    "thanks_title": "Thank you",
    "thanks": "Your answers have been received. They help us keep our promises.",
    "closed_title": "This survey is closed",
    "closed": "Thank you for your interest. This survey no longer takes answers.",
    "errors_title": "Please check the answers marked below.",
    "errors_list": "Answers to check:",
    "need_answer": "This question needs an answer.",
    "need_one": "Answer at least one question to send your answers.",
    "page_of": "Page {page} of {pages}",
    "next": "Next",
    "back": "Back",
    "points_hint": "If you like, share out 100 points: more points for what matters more to "
    "you, 0 for what does not matter.",
    "dim_people": "The people who serve you",
    "dim_process": "How easy it is to deal with us",
    "dim_product": "What you get from us",
    "need_all_rows": "Please answer every row.",
    "pick_shown": "Choose one of the options shown.",
    "points": "Give whole points from 0 to 100 that add up to 100 (now {total}).",
    "points_total": "Points given so far:",
    "too_long": "Please keep this under 10,000 characters.",
    "not_number": "Please enter a number.",
    "whole_number": "Please enter a whole number.",
    "number_min": "Please enter {min} or more.",
    "number_max": "Please enter {max} or less.",
    "not_date": "Please enter a date.",
    "date_min": "Please enter {min} or later.",
    "date_max": "Please enter {max} or earlier.",
    "low": "Very poor",
    "high": "Excellent",
    "low_expect": "Very low",
    "high_expect": "Very high",
    "nps_low": "Not at all likely",
    "nps_high": "Extremely likely",
    "csat_low": "Very dissatisfied",
    "csat_high": "Very satisfied",
    "ces_low": "Very difficult",
    "ces_high": "Very easy",
    "like": "I like it",
    "must-be": "I expect it",
    "neutral": "I am neutral",
    "live-with": "I can live with it",
    "dislike": "I dislike it",
    "supplier": "Which team are you rating?",
    "choose": "Choose…",
    "contact_legend": "Would you like a reply?",
    "contact": "Your e-mail address or phone number",
    "consent": "You may contact me about my answers. My details are used only for this reply.",
    "need_consent": "Tick the box to let us use your details for a reply, or clear the field.",
    "too_many": "Too many answers have come from your address. Your answers below have not been "
    "sent: please send them again in {seconds} seconds.",
    "language": "Language",
}
NL = {
    "required": "verplicht",
    "optional": "optioneel",
    "submit": "Verstuur mijn antwoorden",
    "thanks_title": "Dank u wel",
    "thanks": "Uw antwoorden zijn ontvangen. Ze helpen ons onze beloften na te komen.",
    "closed_title": "Deze enquête is gesloten",
    "closed": "Bedankt voor uw interesse. Deze enquête neemt geen antwoorden meer aan.",
    "errors_title": "Kijk de hieronder gemarkeerde antwoorden na.",
    "need_one": "Beantwoord minstens één vraag om uw antwoorden te versturen.",
    "page_of": "Pagina {page} van {pages}",
    "next": "Volgende",
    "back": "Vorige",
    "errors_list": "Na te kijken:",
    "points_hint": "Als u wilt, verdeel 100 punten: meer punten voor wat voor u zwaarder weegt, "
    "0 voor wat niet telt.",
    "dim_people": "De mensen die u helpen",
    "dim_process": "Hoe makkelijk het met ons gaat",
    "dim_product": "Wat u van ons krijgt",
    "need_answer": "Deze vraag heeft een antwoord nodig.",
    "need_all_rows": "Beantwoord elke regel.",
    "pick_shown": "Kies een van de getoonde opties.",
    "points": "Geef hele punten van 0 tot 100, samen 100 (nu {total}).",
    "points_total": "Punten tot nu toe:",
    "not_number": "Vul een getal in.",
    "whole_number": "Vul een heel getal in.",
    "number_min": "Vul {min} of meer in.",
    "number_max": "Vul {max} of minder in.",
    "not_date": "Vul een datum in.",
    "date_min": "Vul {min} of later in.",
    "date_max": "Vul {max} of eerder in.",
    "low": "Zeer slecht",
    "high": "Uitstekend",
    "low_expect": "Zeer laag",
    "high_expect": "Zeer hoog",
    "nps_low": "Helemaal niet waarschijnlijk",
    "nps_high": "Zeer waarschijnlijk",
    "contact_legend": "Wilt u een reactie?",
    "contact": "Uw e-mailadres of telefoonnummer",
    "consent": "U mag contact met mij opnemen over mijn antwoorden. Alleen voor deze reactie.",
    "need_consent": "Vink het vakje aan zodat wij u mogen antwoorden, of maak het veld leeg.",
    "too_many": "Er kwamen te veel antwoorden van uw adres. Uw antwoorden hieronder zijn niet "
    "verstuurd: verstuur ze opnieuw over {seconds} seconden.",
    "language": "Taal",
}
DE = {
    "required": "Pflichtfeld",
    "optional": "freiwillig",
    "submit": "Antworten senden",
    "thanks_title": "Vielen Dank",
    "thanks": "Ihre Antworten sind angekommen. Sie helfen uns, unsere Versprechen zu halten.",
    "need_answer": "Diese Frage braucht eine Antwort.",
    "errors_title": "Bitte prüfen Sie die markierten Antworten.",
    "low": "Sehr schlecht",
    "high": "Ausgezeichnet",
    "nps_low": "Überhaupt nicht wahrscheinlich",
    "nps_high": "Äußerst wahrscheinlich",
    "too_many": "Von Ihrer Adresse kamen zu viele Antworten. Ihre Antworten unten wurden nicht "
    "gesendet: bitte senden Sie sie in {seconds} Sekunden erneut.",
    "language": "Sprache",
}
FR = {
    "required": "obligatoire",
    "optional": "facultatif",
    "submit": "Envoyer mes réponses",
    "thanks_title": "Merci",
    "thanks": "Vos réponses ont bien été reçues. Elles nous aident à tenir nos promesses.",
    "need_answer": "Cette question demande une réponse.",
    "errors_title": "Veuillez vérifier les réponses signalées ci-dessous.",
    "low": "Très mauvais",
    "high": "Excellent",
    "nps_low": "Pas du tout probable",
    "nps_high": "Extrêmement probable",
    "too_many": "Trop de réponses sont venues de votre adresse. Vos réponses ci-dessous n’ont pas "
    "été envoyées : veuillez les renvoyer dans {seconds} secondes.",
    "language": "Langue",
}
TEXTS = {"en": EN, "nl": NL, "de": DE, "fr": FR}


def words(lang: str) -> dict[str, str]:
    # The faces' words live with the kiosk's in servicegap.lib.faces: one set everywhere.
    return {**EN, **TEXTS.get(lang.split("-")[0], {}), **face_labels(lang)}


def pick_language(languages: list[str], asked: str, accept: str) -> str:
    """``?lang=`` if the survey has it, else the best Accept-Language match, else the first."""
    languages = languages or ["en"]
    if asked in languages:
        return asked
    for tag, _q in parse_accept_lang_header(accept or ""):
        for candidate in (tag.lower(), tag.lower().split("-")[0]):
            if candidate in languages:
                return candidate
    return languages[0]


def localised(texts, lang: str, fallback_order: list[str]) -> str:
    """A text in ``lang``, else in the survey's first language that has one; plain strings as is."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, dict):
        return ""
    for candidate in (lang, *fallback_order, *texts):
        if texts.get(candidate):
            return str(texts[candidate])
    return ""


# What staff put before a colon to tell surveys apart; a respondent never reads it.
INTERNAL_PREFIXES = {
    "pulse", "touchpoint pulse", "perception", "customer perception",
    "customer perception survey", "exit", "exit survey", "survey", "draft", "test",
}  # fmt: skip


def customer_title(title: str, code: str = "") -> str:
    """The title without an internal label ("Pulse: Booking" reads "Booking"); staff pages keep
    the whole title. A title that is only the label stays as it is."""
    head, colon, rest = title.partition(":")
    label = head.strip().lower()
    if colon and rest.strip() and (label in INTERNAL_PREFIXES or (code and label == code.lower())):
        rest = rest.strip()
        return rest[:1].upper() + rest[1:]
    return title
