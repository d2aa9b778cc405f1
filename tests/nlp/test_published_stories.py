"""Stories that outlets put out: "X ran an article saying ...", "X published a story which
stated that ...", "a site called X", "reports the site x.com". The piece has no voice of its
own; whoever published it speaks. Sentences written for these tests (the forms were found on
the dev3/dev4 denial development sets, where hoax sites are the affirming side)."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import by_text

#: (body, fragment of the claim, the speaker's name, why)
PUBLISHERS = [
    ("The Daily Mail ran an article saying the mayor had resigned.", "the mayor had resigned",
     "Daily Mail", "a participle on an article that someone ran"),
    ("The Sun printed a story alleging that the couple had split.", "the couple had split",
     "Sun", "'printed' puts a story out as 'published' does"),
    ("The Daily Mail published a story on Monday which stated that the singer had died.",
     "the singer had died", "Daily Mail", "a relative clause on a published story"),
    ("A fake version of NBC called NBCToday.co published a story which stated that the actor "
     "had been found dead.", "the actor had been found dead", "NBCToday.co",
     "a noun 'called' a name is that name"),
    ("Last week a site called Hip Hop Hangover published a story claiming the actress had "
     "filed charges.", "the actress had filed charges", "Hip Hop Hangover",
     "'a site called X' speaks as X"),
    ("The television host has died of a heart attack, reports the site noticiasunam.com.",
     "has died of a heart attack", "noticiasunam.com", "an outlet noun with its address in apposition"),
    ("The television host has died of a heart attack, reports noticiasunam.com.",
     "has died of a heart attack", "noticiasunam.com", "a web address names its site"),
]


@pytest.mark.parametrize("body,fragment,speaker,why", PUBLISHERS, ids=[c[3] for c in PUBLISHERS])
def test_the_publisher_speaks_for_what_it_published(run, body, fragment, speaker, why):
    assert speaker in by_text(run(body), fragment).speaker.name, why


def test_a_report_named_by_nobody_still_gives_no_speaker(run):
    """'reports claiming ...' that nobody is said to have put out stay without a speaker."""
    claims = run("Officials denied reports claiming the ship had sunk.")
    assert not any("the ship had sunk" in c.text and c.polarity == "affirm" for c in claims)



def test_the_site_refers_back_to_the_site_called_by_name(run):
    claims = run("Last week a website called Hip Hop Hangover wrote that the actor had been "
                 "arrested.\n\nThey say that their source is a police officer. The site also "
                 "claimed that the actor had fled the country.")
    for fragment in ("their source is a police officer", "the actor had fled the country"):
        assert by_text(claims, fragment).speaker.name == "Hip Hop Hangover", fragment


#: (body, fragment, the names that must each have the claim, names that must not)
CO_SPEAKERS = [
    ("Reuters and the Associated Press reported that the minister had resigned.",
     "the minister had resigned", {"Reuters", "Associated Press"}, set()),
    ("Complex and Jezebel published stories stating that the artist had been arrested.",
     "the artist had been arrested", {"Complex", "Jezebel"}, set()),
    ("John Smith and Mary Jones told reporters that the plant would close.",
     "the plant would close", {"John Smith", "Mary Jones"}, set()),
    ('"I think this is a hoax," Dr. Verity Nye, Ocean and Earth Science researcher at '
     "Southampton University, told the Daily Mail.", "this is a hoax", {"Verity Nye"}, {"Ocean"}),
    ("The Islamic State in Iraq and Syria posted a video on Tuesday that it said showed the "
     "execution.", "showed the execution", set(), {"Syria"}),
]


@pytest.mark.parametrize("body,fragment,speakers,not_speakers", CO_SPEAKERS,
                         ids=[c[1] for c in CO_SPEAKERS])
def test_names_coordinated_with_the_speaker_say_it_too(run, body, fragment, speakers, not_speakers):
    names = {c.speaker.name for c in run(body) if fragment in c.text}
    assert all(any(s in n for n in names) for s in speakers), names
    assert not any(s in n for n in names for s in not_speakers), names
