"""polarity.py: deny / hedge / affirm, scoped to the claim clause."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import by_text

CASES = [
    # (sentence, fragment of the claim, expected polarity, why)
    ("“The minister is not going to resign,” the spokesman Tom Hill said.", "not going", "deny",
     "negated clause"),
    ("Company spokesman Peter Lund said there is no agreement with the union.", "no agreement",
     "deny", "there is no X"),
    ("“They tried to change her mind but there is no chance,” a friend of the singer said.",
     "no chance", "affirm", "emphatic idiom supports the claim"),
    ("“These reports are completely false,” lawyer Sara Cole said.", "completely false", "deny",
     "discrediting predicate"),
    ('A spokeswoman for the firm, Eva Stone, told reporters the story was "not true."',
     "the story was", "deny", "not true"),
    # the negation belongs to the reporting sentence, not to the reported clause
    ("Although she did not attend, Judge Ruth Moss said the trial was fair.", "trial was fair",
     "affirm", "negation outside the claim clause"),
    ("Analyst Jon Berg said the merger may collapse next month.", "merger may collapse", "hedge",
     "modal"),
    ("Coach Ben Ray said the striker is unlikely to play on Sunday.", "unlikely to play", "hedge",
     "hedging adjective"),
    ("“What I said was only my opinion and I retract it,” blogger Dan Fisk said.",
     "only my opinion", "deny", "retraction"),
    ("Tiger Woods owned the island. But after his divorce he doesn't need an island in Sweden "
     "anymore, agent Tom Hill said.", "need an island", "affirm",
     "'not ... anymore' is a change of state"),
    ("Reports said the player was suspended. “The player is not suspended any more,” his agent "
     "Tom Hill said.", "not suspended", "affirm", "'not ... any more' is a change of state"),
    ("Reports said the mayor would resign. “That is not necessarily true,” spokesman Tom Hill "
     "said.", "not necessarily", "hedge", "'not necessarily' leaves the question open"),
    ("Golfer Dan Olsen said Woods was suspended. Olsen later said the claims were only his "
     "opinion.", "only his opinion", "deny", "a reported retraction"),
    ("Reports said Islam expected a lot of attention for his trades. Islam didn't expect all "
     "the attention, his friend Tom Hill told the paper.", "expect all the attention", "affirm",
     "'did not expect' is an attitude, not a rejection"),
    ("“It's not the engine, but it's something in the gearbox,” mechanic Al Reyes said.",
     "not the engine", "affirm", "correction: not X but Y"),
    ("Reports said a teacher was filmed with a pupil. The teacher was suspended. But the woman "
     "in the video is not a teacher, and the boy is a college student, the Diario newspaper "
     "found.", "not a", "deny",
     "a sentence-opening 'But' corrects nothing"),
    ("The new beer is called Blackout. “I can’t think of a better name for it,” brewer Jane Roe "
     "said.", "better name", "affirm", "can't + think is an attitude, not a denial"),
    ("“I have no idea whether the letter is genuine,” historian Ann Lee said.", "no idea",
     "hedge", "ignorance is not a denial"),
    ("“The transfer isn’t signed just yet,” agent Max Cole said.", "signed", "affirm",
     "not yet rejects nothing"),
    ("Rumours spread that the singer Lia Moss was dead. “Lia Moss is not dead,” her manager "
     "Tom Reed said.", "not dead", "deny", "negated assertion of what the article reports"),
    ("The school reopened after the floods. “The boy did not attend that week,” his teacher "
     "Ruth Cole said.", "did not attend", "affirm", "descriptive negation rejects nothing"),
    ("“We could have built it sooner, but not at this quality,” engineer Bo Lind said.",
     "built it sooner", "hedge", "a 'but not X' fragment is a qualification"),
    ("Police chief Dan Hale would not say whether or not they are still searching for a "
     "second man.", "searching", "hedge", "an open question is not a denial"),
    ("Officials blamed the militants. The army spokesman Joe Dunn said the attacks may not have "
     "been the work of the militants.", "may not", "hedge", "a hedged negation is a hedge"),
    ("Reports say the clerk skipped work for 14 years. Clerk Paul Frey said he hadn't done any "
     "work in 14 years.", "hadn't done", "deny", "negated report, said"),
    ("Reports say the clerk skipped work for 14 years. Clerk Paul Frey admitted he hadn't done "
     "any work in 14 years.", "hadn't done", "affirm", "a concession is not a denial"),
    ("“We are not aware of any such plan,” ministry spokesman Ali Reza said.", "not aware", "deny",
     "the speaker is not aware"),
    ("The website added that the boys were unaware of the danger on the pier.", "unaware",
     "affirm", "narrated unawareness denies nothing"),
    ("Fans mourned the singer. “This may be a hoax,” fan club president Ann Lee said.", "hoax",
     "hedge", "a hedged discredit does not commit"),
    ("The gunmen held the team for hours. “They weren’t going anywhere,” driver Sam Obi said.",
     "going anywhere", "affirm", "a narrated negation is no denial"),
    ("Residents fear a spill. “I am not going to put my staff at risk,” plant manager Mo Dunn "
     "said.", "not going to put", "affirm", "a first-person intention rejects nothing reported"),
    ("Critics say the clip was staged. “None of the videos were staged,” the film maker Lin "
     "Park said.", "None of the videos", "deny", "a negative subject negates the clause"),
    ("“Nothing happened at the meeting,” the clerk Tom Lee said.", "Nothing happened", "affirm",
     "the lead is the claim itself: nothing else reports it"),
    ('Officials said the tape appears authentic. Press secretary Ann Lee said she was not '
     'immediately "in a position to determine the authenticity of the tape."', "authenticity",
     "hedge", "a non-answer with quote marks inside"),
    ("President Ana Ruiz vowed there will be no safe haven for the smugglers.", "no safe haven",
     "affirm", "a vow is a resolve, not a denial"),
    ("President Ana Ruiz said there will be no safe haven for the smugglers.", "no safe haven",
     "deny", "the same words reported as a statement"),
    ("Gas attacks were reported in June. Fighters in Basra say it was not the only time "
     "chlorine has been used against them.", "not the only time", "affirm", "a widening negation"),
    ("Ann Lee sold her house. Agent Tom Hill said: \"This house was owned by Ann Lee, but after "
     "her move she doesn't need a house in Oslo any more.", "house was owned", "affirm",
     "a negated 'but' conjunct qualifies the statement"),
    ("Blogs tied the flood to the new dam. “The two events are not related,” engineer Bo Lind "
     "said.", "not related", "deny", "a connection rejected"),
    ("Posts showed a shark on a flooded highway. “The picture was photoshopped,” ranger Jo "
     "Park said.", "photoshopped", "deny", "a picture called fabricated"),
    ("Sites said the poet had died. “That whole story was made up,” agent Lu Chen said.",
     "made up", "deny", "a story called made up"),
    ("Police shot the man twice. “He is defenceless, he has no weapon,” lawyer Bo Chen said.",
     "has no weapon", "affirm", "having no thing describes the holder"),
    ("Reports said the owner would sell. “We have no plans to sell the club,” owner Ray Dunn "
     "said.", "no plans to sell", "deny", "having no plans rejects the plan"),
    ("Police set up a task force. “For the police to set up a task force just to catch one "
     "artist is ridiculous,” painter Tom Bell said.", "is ridiculous", "affirm",
     "a deed called ridiculous is criticism"),
    ("The mayor fired the chief. “It was wrong for the mayor to fire him,” councillor Amy Ross "
     "said.", "It was wrong", "affirm", "a deed called wrong is criticism"),
    ("Reports said the aide resigned. “To say that he resigned is false,” minister Amy Ross "
     "said.", "is false", "deny", "a saying called false is discredited"),
    ("Blogs said the teacher was fired. “Almost none of it is true,” editor Sue Hall said.",
     "none of it is true", "deny", "a negative subject of 'true' discredits"),
    ("Blogs said the teacher was fired. “None of it is false,” editor Sue Hall said.",
     "None of it is false", "affirm", "a negative subject of 'false' vouches"),
    ("Posts showed a giant eel in the canal. Expert Jo Park said the eel looked more like a pond "
     "eel - cleverly photoshopped on to a satellite image.", "cleverly photoshopped", "deny",
     "a picture described as photoshopped"),
    ("Posts showed a giant eel in the canal. “They posted a doctored photo,” expert Jo Park said.",
     "doctored photo", "deny", "a doctored photo"),
    ("Posts showed a giant eel in the canal. “A hoax is an understatement,” expert Jo Park said.",
     "understatement", "deny", "a hoax called an understatement"),
    ("The singer gave away his prize. His manager Tom Lee said he couldn't believe the singer was "
     "so generous.", "so generous", "affirm", "astonishment grants the clause"),
    ("Blogs said jets were stolen. Spokeswoman Amy Ross said there had been no confirmation "
     "that any jets were stolen.", "no confirmation", "hedge", "no confirmation is a non-answer"),
    ("Reports said the mayor might quit. “Her mind is made up,” aide Rob Moss said.",
     "mind is made up", "affirm", "a decided mind is no fabrication"),
    ("The museum hung the photo in May. “The photo was not doctored,” curator Ida Berg said.",
     "not doctored", "affirm", "a negated fabrication is no discredit"),
    ("Reports say Lia Moss runs the firm. “Perhaps Lia Moss is not in total control,” analyst "
     "Tom Reed said.", "not in total control", "hedge", "a negation under a hedging adverb"),
    ("Reports said the actor had to audition twice. Director Tom Reed said the actor didn't even "
     "need to audition.", "need to audition", "affirm", "'not even' stresses, it rejects nothing"),
    ("Reports said the actor had to audition twice. Director Tom Reed said the actor didn't "
     "need to audition.", "need to audition", "deny", "the same negation without 'even'"),
    ("“So – is it a fake? Probably not! The logo in the note is the one you would expect,” "
     "blogger Robbie Gonzalez wrote.", "is it a fake", "affirm", "asking if it is a fake"),
    ("“The plan was a success. Why did it turn out wrong for them?” Erdogan said.",
     "turn out wrong", "affirm", "asking why it turned out wrong"),
    ("“This story is a fake. Why would anyone believe it?” spokesman Tom Hill said.",
     "story is a fake", "deny", "a fake, then a question"),
    ("Governor Deval Patrick said there was speculation within the military that the soldiers "
     "were trying to defect.", "speculation", "affirm", "there being speculation"),
    ("“These reports are pure speculation,” spokesman Tom Hill said.", "speculation", "deny",
     "reports called speculation"),
    ("A spokesman insisted that the prime minister was not ruling anything out.",
     "ruling anything out", "hedge", "not ruling anything out"),
    ("“Hopefully there will be no damage to the old hall,” Secretary William Galvin said.",
     "no damage", "affirm", "hoping for no damage"),
    ("The ministry said there will be no damage to the dam.", "no damage", "deny",
     "there will be no damage"),
    ("Reports said the league would expand. “There is absolutely nothing new on that,” deputy "
     "commissioner Bill Daly said.", "nothing new", "deny", "nothing new on a report"),
    ("Reports said the league would expand. “There is nothing to the report,” deputy "
     "commissioner Bill Daly said.", "nothing to the report", "deny", "nothing to a report"),
    ("Tabloids named the man in the video as an actor. “We have not identified who the man in "
     "the video is,” a Scotland Yard spokesman said.", "not identified", "hedge",
     "not identified is no answer"),
    ("Reports said the club would sell Smith. “Nothing could be further from the truth,” the "
     "manager said.", "further from the truth", "deny", "further from the truth"),
    ("Reports said the club would sell Smith. The manager said there was “zero truth” to the "
     "story.", "zero truth", "deny", "zero truth"),
    ("Reports said the singer had died. The singer said reports of his death were greatly "
     "exaggerated.", "exaggerated", "deny", "exaggerated"),
    ("Police said the teen robbed a store. “No mother should have to fear for her son's life,” "
     "the paper said.", "No mother should", "affirm", "a norm with no is no denial"),
    ("Reports said the plant would close. The company said the claims had “no merit”.",
     "no merit", "deny", "no merit"),
    ("A video showed soldiers firing on protesters. Officials said the video was not authentic.",
     "not authentic", "deny", "not authentic"),
    ("Reports said Woods was suspended. The golfer said Woods was suspended, a claim the Tour "
     "flatly denied.", "Woods was suspended", "affirm", "reports another's denial"),
    ("Reports said the league would expand. “There is nothing we can do,” deputy commissioner "
     "Bill Daly said.", "nothing we can do", "affirm", "nothing one can do"),
]


@pytest.mark.parametrize("sentence,fragment,polarity,why", CASES, ids=[c[3] for c in CASES])
def test_polarity(run, sentence, fragment, polarity, why):
    assert by_text(run(sentence), fragment).polarity == polarity


def test_insisting_on_a_negated_statement_is_a_denial(run):
    c = by_text(run("The club insisted that its coach is not leaving for Madrid."), "coach is not leaving")
    assert c.polarity == "deny"


def test_a_plain_negated_statement_of_fact_stays_an_affirmation(run):
    c = by_text(run("The teacher said the boy did not attend school that week."), "did not attend")
    assert c.polarity == "affirm"


def test_an_unconfirmed_negation_keeps_its_hedge(run):
    """A negated statement nothing else in the article asserts is no denial; what it is
    instead still depends on its hedge ("might", a hedging cue such as "suggested")."""
    c = by_text(run("Analyst Jon Berg suggested the factory did not close."), "did not close")
    assert c.polarity == "hedge"
    c = by_text(run("The paper said staff aren't allowed to eat at their desks and the health "
                    "department might get involved."), "health department")
    assert c.polarity == "hedge"
    c = by_text(run("The teacher said the boy did not attend school that week."), "did not attend")
    assert c.polarity == "affirm"


def test_not_ready_to_do_what_another_speaker_suggested_rejects_it(run):
    """A negated word of intention negates its complement ("not ready to expand" rejects
    expanding), and another speaker's suggestion is enough for the negation to reject
    something: a hedged claim still puts the proposition forward."""
    claims = run("The owners met in Toronto on Monday. "
                 "Columnist Tony Gallagher suggested the league will expand to Las Vegas. "
                 "\u201cWe're not ready to expand,\u201d commissioner Ann Ruiz said.")
    assert by_text(claims, "will expand").polarity == "hedge"
    assert by_text(claims, "not ready").polarity == "deny"
    c = by_text(run("Reports said the club will sell Smith. The club said it does not have a "
                    "plan to sell him."), "plan to sell")
    assert c.polarity == "deny"
    c = by_text(run("The coach said he was not ready to talk about the final."), "not ready")
    assert c.polarity == "affirm"  # nothing else said about it: a statement, no denial


def test_not_thinking_something_rejects_it(run):
    c = by_text(run("Professor Lee did not think that the skull belonged to a giant."), "skull")
    assert c.polarity == "deny"


def test_thinking_something_a_hoax_discredits_it(run):
    c = by_text(run("\u201cI think this photo is a hoax,\u201d Professor Lee told reporters."), "hoax")
    assert c.polarity == "deny"


def test_unverified_is_a_hedge_not_a_denial(run):
    c = by_text(run("\u201cThe claim is currently unverified,\u201d the agency said."), "unverified")
    assert c.polarity == "hedge"



def test_a_quote_backing_the_speakers_own_denial_denies_too(run):
    """ "There is no way we made this up. This is real." right after the speaker's denial
    rejects the same report; the same words from someone else, or after a statement that
    denies nothing, stay affirmations."""
    denial = ("Critics say the video was staged. The film maker Lin Park denied the clip had "
              "been staged. “This is real,” Park told the paper.")
    assert by_text(run(denial), "This is real").polarity == "deny"
    assert by_text(run(denial), "This is real").basis == "follows_denial"
    plain = ("Critics say the video was staged. The film maker Lin Park said the clip was shot "
             "in May. “This is real,” Park told the paper.")
    assert by_text(run(plain), "This is real").polarity == "affirm"
    other = ("Critics say the video was staged. The film maker Lin Park denied the clip had "
             "been staged. “This is real,” his neighbour Tom Reed told the paper.")
    assert by_text(run(other), "This is real").polarity == "affirm"
    moving_on = ("Critics say the video was staged. The film maker Lin Park denied the clip had "
                 "been staged. “We have now filmed two more episodes,” Park told the paper.")
    assert by_text(run(moving_on), "two more episodes").polarity == "affirm"
