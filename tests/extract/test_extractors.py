"""Table-driven tests: one row per phrasing, many that must yield nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.extract import extract
from monitor.extract.dates import find_dates, resolve, tense_at
from monitor.extract.numbers import parse_number, qualifier_of
from monitor.extract.quotes import find_quotes
from monitor.extract.sentences import split_sentences
from monitor.merge import merge_claims, merge_events, merge_statements
from monitor.models import ControlClaim, Event, Statement

PUB = dt.date(2021, 7, 5)  # a Monday


@pytest.mark.parametrize(
    ("text", "value"),
    [("four", 4), ("eleven", 11), ("twenty-three", 23), ("a dozen", 12), ("two dozen", 24), ("1,200", 1200),
     ("370", 370), ("three hundred", 300), ("1.5 million", 1_500_000), ("ninety nine", 99), ("districts", None)],
)  # fmt: skip
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "qual"),
    [("more than", "more than"), ("over", "more than"), ("at least", "at least"), ("no more than", "at most"),
     ("up to", "at most"), ("about", "about"), ("roughly", "about"), ("nearly", "about"), (None, "exact")],
)  # fmt: skip
def test_qualifier(text: str | None, qual: str) -> None:
    assert qualifier_of(text) == qual


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Troops reached the town by Sept. 11 last year. Then they left.", 2),
        ("Gen. Kenneth McKenzie spoke. Dr. Ruth Ames replied.", 2),
        ("The U.S. military left. The Taliban arrived.", 2),
        ("Inflation hit 2.5 percent. Prices rose.", 2),
        ('"We are ready. We will win," he said. The army agreed.', 2),
        ('"Our forces are regrouping." Mohib said. Others disagreed.', 2),
        ("First paragraph without a stop\n\nSecond paragraph.", 2),
        ("J. R. Smith arrived on No. 5 road. He left.", 2),
        ("Lt. Col. Sami Rahal met Gen. Mark Adler in the U.S. embassy. They spoke for an hour.", 2),
        ("The corridor opens at 8 a.m. on Tuesday. Buses are waiting.", 2),
        ("Talks end by Sept. 30 at the latest. Nobody expects a deal.", 2),
        ('"The road is open." Osei said. "We will be there soon."', 2),
    ],
)
def test_sentences(text: str, n: int) -> None:
    assert len(split_sentences(text)) == n


def test_multi_paragraph_quote() -> None:
    text = '"We will stay," she said. "The city is ours.\n\n"Nobody will leave."\n\nOther news.'
    quotes = find_quotes(text)
    assert len(quotes) == 2 and len(quotes[1].pieces) == 2
    assert "Nobody will leave." in quotes[1].text(text)


def test_unclosed_quote_stops_at_paragraph() -> None:
    text = 'He said "this never closes\n\nThe army seized 4 districts on Monday.'
    facts = extract(text, PUB)
    assert [c.count for c in facts.counts] == [4]


COUNT_ROWS: list[tuple[str, tuple[int | None, str, int | None, str, str] | None]] = [
    (
        "The rebels now hold more than 50 of the country's 370 districts.",
        (50, "more than", 370, "districts", "control"),
    ),
    ("Dozens of districts have fallen to the insurgents.", (None, "dozens", None, "districts", "seized")),
    ("Army units retook four towns on Sunday.", (4, "exact", None, "towns", "retaken")),
    ("Eleven villages were captured by the militia.", (11, "exact", None, "villages", "seized")),
    ("Some 30 settlements are under rebel control.", (30, "about", None, "settlements", "control")),
    (
        "The junta claims to control about 85 percent of the country's territory.",
        (85, "about", None, "percent of territory", "control"),
    ),
    (
        "Half of the district centres are now in their hands, the rebels said.",
        (None, "about half", None, "district centres", "control"),
    ),
    ("The separatists lost 3 provincial capitals in a week.", (3, "exact", None, "provincial capitals", "lost")),
    ("Insurgents seized twenty-three villages overnight.", (23, "exact", None, "villages", "seized")),
    ("Government forces regained 800 square kilometres.", (800, "exact", None, "square kilometres", "retaken")),
    ("At least 13 towns changed hands over the weekend.", (13, "at least", None, "towns", "seized")),
    ("More than 2,400 soldiers died over two decades.", None),
    ("The base once housed over 10,000 people.", None),
    ("About 2,500 American troops remain in the country.", None),
    ("The militants captured the fifth district this year.", None),
    ("The insurgents took a key district in the north.", None),
    ("Fighting displaced 40,000 people from 12 villages in 2020.", None),
    ("The rebels launched 14 attempts to storm the base.", None),
    ("They destroyed 7 outposts and 3 bases.", None),
    ("The region has 12 towns and 80 villages.", None),
    ("In 2009 the base was expanded.", None),
    ("The army spent $40 million on 5 new bases.", None),
    ("Nine out of 14 provincial capitals fell to the insurgents.", (9, "exact", 14, "provincial capitals", "seized")),
    ("The army said it had lost eleven of the 40 district centres.", (11, "exact", 40, "district centres", "lost")),
    ("Moscow now occupies roughly 18 percent of Ukraine.", (18, "about", None, "percent of territory", "control")),
    (
        "The SDF hold about a quarter of Syria.",
        (None, "about a quarter", None, "percent of territory", "control"),
    ),
    ("Militants still hold about 10 per cent of the city.", (10, "about", None, "percent of territory", "control")),
    ("The junta has lost control of three townships.", (3, "exact", None, "townships", "lost")),
    ("The M23 rebels are now in control of at least 12 towns.", (12, "at least", None, "towns", "control")),
    ("Several towns are now run by self-appointed councils.", (None, "several", None, "towns", "control")),
    ("At least eight towns along the coastal highway are contested.", (8, "at least", None, "towns", "contested")),
    ("Rebels seized 1,000 sq km of farmland.", (1000, "exact", None, "square kilometres", "seized")),
    ("None of the state's 18 towns are under government control.", (0, "exact", 18, "towns", "control")),
    ("The resistance captured 35 junta positions and two towns.", (2, "exact", None, "towns", "seized")),
    ("Turnout was low and none of the 14 districts in the contested north could vote.", None),
    (
        "The army, which has lost four of the five state capitals, did not comment.",
        (4, "exact", 5, "state capitals", "lost"),
    ),
    ("Hamas controls 30 percent of Gaza residents.", None),
    ("The rebels captured the airport last week and at least 12 villages were destroyed.", None),
    ("About a third of the city's residents have already left.", None),
    ("Drones hit 30 villages overnight.", None),
    ("At least 1,000 homes in 20 villages were destroyed.", None),
    ("The party won 52 percent of the vote, and inflation hit 30 percent.", None),
    ("Rebels seized control of the town in 2012 and held it for three years.", None),
    ("The army overran a dozen checkpoints.", None),
    # a condition, a rule, a prediction or a hypothesis states no fact
    ("The map counts a district as rebel-held when the group holds the district centre and 3 of its villages.", None),
    ("If the rebels take 20 more towns, the capital will be exposed.", None),
    ("The capital would be cut off if the rebels took another 20 towns.", None),
    ("Analysts say the army could retake the remaining 12 villages within weeks.", None),
    ("The junta would control 60 percent of the country if the ceasefire held.", None),
    ("Without air support, 20 towns would remain under rebel control.", None),
    ("When the rebels seized 20 towns in May, the army fled.", (20, "exact", None, "towns", "seized")),
    ("The rebels may have seized as many as 30 villages.", (30, "at most", None, "villages", "seized")),
    # "most", "the majority", "three quarters": no qualifier of the schema fits, so no count
    ("The Taliban control most of the country's districts.", None),
    ("The rebels hold most of the 12 towns.", None),
    ("The junta still holds the majority of the country's 330 townships.", None),
    ("The militia controls three quarters of the province.", None),
    (
        "The rebel group controls more than half of North Kivu province.",
        (None, "about half", None, "percent of territory", "control"),
    ),
    ("The RSF said it had taken full control of three towns.", (3, "exact", None, "towns", "seized")),
    (
        "Its forces had taken control of four towns that had been held by rebels since 2012.",
        (4, "exact", None, "towns", "seized"),
    ),
]


@pytest.mark.parametrize(("text", "want"), COUNT_ROWS)
def test_counts(text: str, want: tuple[int | None, str, int | None, str, str] | None) -> None:
    got = [(c.count, c.qualifier, c.total, c.unit, c.verb) for c in extract(text, PUB).counts]
    assert got == ([want] if want else [])


MANY_COUNT_ROWS: list[tuple[str, list[tuple[str | None, int | None, str, str]]]] = [
    (
        "Army units recaptured two dozen villages and eleven small towns.",
        [("Army units", 24, "villages", "retaken"), ("Army units", 11, "towns", "retaken")],
    ),
    (
        "The rebels control some 8,000 square kilometres, or about 12 percent of the country.",
        [("rebels", 8000, "square kilometres", "control"), ("rebels", 12, "percent of territory", "control")],
    ),
    (
        "Nine villages were captured by separatist fighters. Another three were retaken by government troops.",
        [("separatist fighters", 9, "villages", "seized"), ("government troops", 3, "villages", "retaken")],
    ),
    (
        "Seven villages were captured by the militia, and the army lost control of a further four on Sunday.",
        [("militia", 7, "villages", "seized"), ("army", 4, "villages", "lost")],
    ),
    (
        "The Front controls 20 villages, and its fighters overran a dozen more over the weekend.",
        [("Front", 20, "villages", "control"), ("Front", 12, "villages", "seized")],
    ),
    (
        "Separatist forces lost 12 settlements in a week, and 5 more changed hands on Sunday.",
        [("Separatist forces", 12, "settlements", "lost"), ("Separatist forces", 5, "settlements", "seized")],
    ),
]


@pytest.mark.parametrize(("text", "want"), MANY_COUNT_ROWS)
def test_counts_that_borrow(text: str, want: list[tuple[str | None, int | None, str, str]]) -> None:
    got = [(c.actor, c.count, c.unit, c.verb) for c in extract(text, PUB).counts]
    assert got == want


ACTOR_ROWS: list[tuple[str, str | None]] = [
    ("At least 15 settlements were retaken by Ukrainian forces.", "Ukrainian forces"),
    ("The government, which still holds 4 of the province's 14 districts, insists the city is safe.", "government"),
    ("The military now fully controls a third of the country's townships.", "military"),
    ("Ukraine's military said its troops had retaken two villages.", "Ukraine"),
    ('"The coalition holds 11 of the 19 districts," Rahal said.', "coalition"),
    ("The Sudanese army said on Sunday it had regained 3 districts.", "Sudanese army"),
    ("Kyiv says it has retaken roughly 300 square kilometres.", "Kyiv"),
    ("The junta has lost control of large areas, and now controls less than 50% of its territory.", "junta"),
    ("The Arakan Army, one of the alliance’s three members, has seized four of Rakhine’s 17 townships.", "Arakan Army"),
    ("Government forces, backed by the coalition, have retaken 12 villages.", "Government forces"),
    ("Insurgents led by Hayat Tahrir al-Sham have seized more than 50 villages.", "Hayat Tahrir al-Sham"),
    ("Myanmar’s junta has lost control of 30 townships.", "Myanmar"),
    ("M23 rebels seized Shasha. It said on Monday that it had taken 3 more towns.", "M23"),
]


@pytest.mark.parametrize(("text", "actor"), ACTOR_ROWS)
def test_count_actor(text: str, actor: str | None) -> None:
    assert [c.actor for c in extract(text, PUB).counts] == [actor]


STATEMENT_ROWS: list[tuple[str, list[tuple[str, str]]]] = [
    ('"We will not leave this city," Mayor Ana Ruiz said.', [("Ana Ruiz", "direct")]),
    ("“We will not leave this city,” said Ana Ruiz, the mayor of the town.", [("Ana Ruiz", "direct")]),
    ("‘We will not leave this city,’ Ana Ruiz told reporters.", [("Ana Ruiz", "direct")]),
    ('Defence Minister Pol Arden said: "The front line is holding firm."', [("Pol Arden", "direct")]),
    ("The foreign ministry said on Tuesday that the talks had collapsed.", [("foreign ministry", "indirect")]),
    ("The talks had collapsed completely, the foreign ministry said.", [("foreign ministry", "indirect")]),
    ("According to the Valen Observatory, the army lost three towns.", [("Valen Observatory", "indirect")]),
    ("A rebel spokesman, Ivo Serrat, told reporters the group would fight on.", [("Ivo Serrat", "indirect")]),
    ('Soldiers described the night as "quiet".', []),
    ('Officials said the convoy was "delayed for hours by the heavy shelling".', []),
    ("An officer, who asked not to be named, said the unit had withdrawn.", []),
    ("Residents said the town was empty.", []),
    ('The army called it a "tactical" move.', []),
    ("The rebels vowed to fight on until victory.", []),
    ("“We have taken the bridge,” said Col. Rafi Noor, “and we will hold it until dawn.”", [("Rafi Noor", "direct")]),
    ('"We dig, we wait, we dig again." — Serhiy Lysenko, infantry sergeant', [("Serhiy Lysenko", "direct")]),
    ("“We need shells, not promises,” said Dr. Hanna Tesfaye, a surgeon.", [("Hanna Tesfaye", "direct")]),
    ("After that date, Interior Minister Joss Arkell said, the army would move in.", [("Joss Arkell", "indirect")]),
    ("The army disputes the figure and says it has regained five towns.", [("army", "indirect")]),
    (
        "Frontline Atlas, an independent mapping project, estimates that the rebels hold the north.",
        [("Frontline Atlas", "indirect")],
    ),
    (
        "The army has lost 18 towns since January, according to a tally by the Lanor Watch group.",
        [("Lanor Watch group", "indirect")],
    ),
    ("Okonjo Lena Mbeki said aid convoys had been blocked at checkpoints.", [("Okonjo Lena Mbeki", "indirect")]),
    ("The army denied this, saying the aircraft crashed because of a fault.", [("army", "indirect")]),
    (
        "KYIV, March 11 (Reuters) - Russian forces took the village, the defence ministry said.",
        [("defence ministry", "indirect")],
    ),
    (
        'Father Ilan Grosz said the situation was "worse than anything we saw in the last war".',
        [("Ilan Grosz", "direct")],
    ),
    ('The opposition Unity Bloc said the result was "a fraud from start to finish".', [("Unity Bloc", "direct")]),
    ("Hanna Lee told a crowd of thousands that the city would never fall.", [("Hanna Lee", "indirect")]),
    ("Gen. Omar Kabb told troops in Port Sudan that the war would end soon.", [("Omar Kabb", "indirect")]),
    ("Lawmakers said the vote on Wednesday would be close.", []),
    ("Witnesses told local media they saw “a bright flash and then a huge fireball”.", []),
    ("A military official, speaking on condition of anonymity, said two soldiers were wounded.", []),
    ("The rebels said they had shot down a helicopter.", []),
    ('Aris Vell scoffed. "We will return," he said.', []),
    # someone speaking for a named organization is a speaker; anyone else unnamed is not
    ("A government spokesman said the talks would resume next month.", [("government spokesman", "indirect")]),
    ("A spokesman for the army said the town had been retaken.", [("A spokesman for the army", "indirect")]),
    ("Sudan’s army chief said the war would end soon.", [("Sudan’s army chief", "indirect")]),
    ("The ministry’s spokeswoman said the convoy had been attacked.", [("ministry’s spokeswoman", "indirect")]),
    (
        "A Chinese foreign ministry spokeswoman said the talks had ended.",
        [("Chinese foreign ministry spokeswoman", "indirect")],
    ),
    ("A ministry official said the convoy had been attacked.", [("ministry official", "indirect")]),
    ("An Egyptian official said the talks would resume.", []),
    ("Israel's prime minister said the war would go on for months.", [("Israel's prime minister", "indirect")]),
    ("The foreign minister said the talks were a waste of time.", []),
    ("A Western diplomat said the talks would resume.", []),
    ("A senior official who asked not to be named said the talks had failed.", []),
    ("A senior US official, who was not authorised to speak publicly, said the talks had failed.", []),
    ("A source said the road to the airport was closed.", []),
    ("Residents of Sennar said shelling had intensified since Sunday.", []),
    # typographic apostrophes are apostrophes
    (
        "Tajikistan’s border guard service said 1,000 soldiers had crossed the border.",
        [("Tajikistan’s border guard service", "indirect")],
    ),
    (
        "Analysts at FDD’s Long War Journal said the Taliban held 200 districts.",
        [("FDD’s Long War Journal", "indirect")],
    ),
    ("Residents of the besieged city said the shelling had not stopped for days.", []),
    # "told <object> that"
    ("Deborah Lyons told Mr. Guterres that the talks were stalled.", [("Deborah Lyons", "indirect")]),
    ("Deborah Lyons told the U.N. Security Council that the talks were stalled.", [("Deborah Lyons", "indirect")]),
    (
        "Deborah Lyons told U.N. Secretary-General Antonio Guterres that the talks were stalled.",
        [("Deborah Lyons", "indirect")],
    ),
    (
        "The Rapid Support Forces (RSF) said it had taken the city of El Fasher.",
        [("Rapid Support Forces (RSF)", "indirect")],
    ),
    (
        "The rebel group, which Kinshasa says is backed by Rwanda, holds the town, according to the Kivu Tracker.",
        [("Kivu Tracker", "indirect")],
    ),
    (
        "Before the offensive, government forces held most of the city, according to the Levant Mapping Unit.",
        [("Levant Mapping Unit", "indirect")],
    ),
    ("According to estimates shared with her office, the rebels hold the north.", []),
]


@pytest.mark.parametrize(("text", "want"), STATEMENT_ROWS)
def test_statements(text: str, want: list[tuple[str, str]]) -> None:
    got = [(s.speaker, s.kind) for s in extract(text, PUB).statements]
    assert got == want


def test_split_quote_is_one_statement() -> None:
    text = "“We have taken the bridge,” said Col. Rafi Noor, “and we will hold it until the relief column arrives.”"
    (st,) = extract(text, PUB).statements
    assert st.quote == "We have taken the bridge, and we will hold it until the relief column arrives."
    assert text[st.start : st.end] == st.evidence


def test_speaker_from_the_sentence_before_and_from_a_colon() -> None:
    text = (
        'The mayor of Lirsk, Anton Weil, has refused to leave. "My place is here with the people who stay."\n\n'
        'General Samir Haddou visited the front. "We will not give them a single street," the general said.\n\n'
        'President Alma Reyes said:\n\n"Tonight I am ordering our forces to stop."'
    )
    got = [(s.speaker, s.kind) for s in extract(text, PUB).statements]
    assert got == [("Anton Weil", "direct"), ("Samir Haddou", "direct"), ("Alma Reyes", "direct")]


def test_parenthetical_attribution_is_left_out_of_the_quote() -> None:
    text = "Rafi Noor arrived at dawn. The rest, he said, were still being cleared of mines."
    (st,) = extract(text, PUB).statements
    assert (st.speaker, st.quote) == ("Rafi Noor", "The rest were still being cleared of mines")


def test_title_and_surname_is_a_person() -> None:
    text = 'Mr. Guterres said the world could not look away. "The people of Gaza are living through hell," he said.'
    got = [(s.speaker, s.role, s.kind) for s in extract(text, PUB).statements]
    assert got == [("Guterres", None, "indirect"), ("Guterres", None, "direct")]


def test_courtesy_title_and_surname_is_the_person_named_before() -> None:
    text = (
        "The UN envoy for Afghanistan, Deborah Lyons, briefed the council on Tuesday. Ms. Lyons said the Taliban "
        "had taken the border crossings. UN Secretary-General Antonio Guterres spoke after her. Mr. Guterres said "
        "the world could not look away. WHO chief Tedros Adhanom Ghebreyesus visited the ward. Dr. Tedros said "
        "hospitals were running out of fuel."
    )
    got = [(s.speaker, s.role) for s in extract(text, PUB).statements]
    assert got == [
        ("Deborah Lyons", "UN envoy for Afghanistan"),
        ("Antonio Guterres", "UN Secretary-General"),
        ("Tedros Adhanom Ghebreyesus", "WHO chief"),
    ]


def test_surname_of_a_person_named_in_passing() -> None:
    text = "Joe Biden met Volodymyr Zelensky in Kyiv on Monday. Zelensky said the army would hold the line."
    assert [s.speaker for s in extract(text, PUB).statements] == ["Volodymyr Zelensky"]


def test_it_and_the_group_are_the_organization() -> None:
    text = (
        "The RSF, which has fought the army since April, controls much of Darfur. It said on Monday that it had "
        "taken full control of three towns in Kordofan.\n\n"
        "The Arakan Army, one of the alliance's three members, has seized four townships, according to the group.\n\n"
        "The defence ministry said the army had retaken the town of Sinja. It added that three soldiers had died."
    )
    got = [s.speaker for s in extract(text, PUB).statements]
    assert got == ["RSF", "Arakan Army", "defence ministry", "defence ministry"]


def test_she_is_the_spokeswoman_speaking_for_a_ministry() -> None:
    text = "The talks ended without agreement, a foreign ministry spokeswoman said. A new round will be held, she said."
    assert [s.speaker for s in extract(text, PUB).statements] == ["foreign ministry spokeswoman"] * 2


def test_the_tracker_is_the_tracker_named_before() -> None:
    text = (
        "The Sahel Conflict Tracker says the groups hold 140 communes. The majority of provinces have a town "
        "under blockade, according to the tracker."
    )
    assert [s.speaker for s in extract(text, PUB).statements] == ["Sahel Conflict Tracker"] * 2


def test_pronoun_resolves_to_last_person() -> None:
    text = 'Rebel leader Mara Quist rejected the offer. "We are not interested in any ceasefire now," she said.'
    st = extract(text, PUB).statements
    assert [(s.speaker, s.role, s.kind) for s in st] == [("Mara Quist", "Rebel leader", "direct")]


EVENT_ROWS: list[tuple[str, str | None]] = [
    ("The council will meet on Thursday to discuss the plan.", "2021-07-08"),
    ("Ministers will gather in Geneva on July 14.", "2021-07-14"),
    ("Ministers will gather in Geneva on 14 July.", "2021-07-14"),
    ("The withdrawal is due to be completed by Sept. 11.", "2021-09-11"),
    ("Parliament votes on the law tomorrow.", "2021-07-06"),
    ("A conference is scheduled for July 20-21 in Oslo.", "2021-07-20"),
    ("Leaders will meet this Friday, July 9, at the palace.", "2021-07-09"),
    ("The ministry said on Friday that the road was open.", None),
    ("Negotiators are expected to meet again next week.", None),
    ("The mission will end at the end of August.", None),
    ("Aid will arrive in the coming days.", None),
    ("The handover had been planned for June 30 before it was brought forward.", None),
    ("It will end on August 31, earlier than the September 11 date first announced.", "2021-08-31"),
    ("Troops entered the city on June 28.", None),
    ("The vote was held on Sunday.", None),
    ("The truce expires on Saturday.", "2021-07-10"),
    ("The council meets on Thursday to decide.", "2021-07-08"),
    ("The junta has promised to hand over power by Oct. 1.", "2021-10-01"),
    ("The summit, originally scheduled for July 8, was moved to July 15.", "2021-07-15"),
    ("Ministers met on Sunday and agreed to meet again this Friday, July 9.", "2021-07-09"),
    ("The government has given armed groups until 31 July to hand in their weapons.", "2021-07-31"),
    ("A corridor is due to open at 8 a.m. on Tuesday, July 6, the ministry said.", "2021-07-06"),
    ("Troops must leave by Sept. 11 under the agreement signed in March.", "2021-09-11"),
    ("Peace talks will open in Geneva on the 24th.", "2021-07-24"),
    ("A previous deadline of 15 June passed without incident.", None),
    ("The minister, speaking at a rally on Friday, said the army would not retreat.", None),
    ("President Oran Melk's party won 61 percent of the vote in Sunday's election.", None),
    ("Talks set for July 15 were postponed indefinitely.", None),
    ("The pullout could be finished by the end of August.", None),
    # a weekday that owns a noun names a day the reader knows of: ahead only when the text says so
    ("The United States used Monday's Security Council meeting to warn that the Taliban will be shunned.", None),
    ("The United States used Monday’s Security Council meeting to warn that the Taliban will be shunned.", None),
    ("Friday's vote was postponed.", None),
    ("At Friday's vote, the resolution will pass.", "2021-07-09"),
    ("Ministers will gather at Thursday's summit in Rome.", "2021-07-08"),
    ("At next Friday's summit, ministers will sign the pact.", "2021-07-09"),
    # a reporting clause dates the report, not the event
    ("The leaders meet on Friday, the ministry said.", "2021-07-09"),
    ("Biden will host Ghani at the White House on Friday, July 9, the White House announced on Sunday.", "2021-07-09"),
    ("Biden hosts Ghani at the White House on July 9, the White House said on Sunday.", "2021-07-09"),
    ("WASHINGTON, July 5 (Reuters) - Biden will host Ghani on Friday.", "2021-07-09"),
]


@pytest.mark.parametrize(("text", "want"), EVENT_ROWS)
def test_events(text: str, want: str | None) -> None:
    got = [e.date.isoformat() for e in extract(text, PUB).events]
    assert got == ([want] if want else [])


def test_future_date_before_publication_goes_to_next_year() -> None:
    text = "Elections will be held on January 12."
    assert [e.date for e in extract(text, dt.date(2021, 12, 20)).events] == [dt.date(2022, 1, 12)]


def test_weekday_and_date_pick_the_year() -> None:
    # June 27 is a Friday in 2025, not in 2024: the weekday settles the year whatever the verb's tense
    text = "Ministers met on Sunday and agreed to meet again this Friday, June 27, in Nairobi."
    assert [e.date for e in extract(text, dt.date(2025, 6, 23)).events] == [dt.date(2025, 6, 27)]


def test_weekday_tense() -> None:
    s = "Officials said on Tuesday the summit would open on Thursday."
    tue, thu = find_dates(s)
    assert resolve(tue, PUB, tense_at(s, tue.start, tue.end)) == dt.date(2021, 7, 5) - dt.timedelta(days=6)
    assert resolve(thu, PUB, tense_at(s, thu.start, thu.end)) == dt.date(2021, 7, 8)


def test_event_title_participants_location() -> None:
    text = "President Joe Biden will host Afghan President Ashraf Ghani at the White House this Friday, July 9."
    (ev,) = extract(text, PUB).events
    assert ev.title == "Biden hosts Ghani at the White House"
    assert ev.participants == ["Joe Biden", "Ashraf Ghani"]
    assert ev.location == "White House"


@pytest.mark.parametrize(
    ("text", "title", "participants", "location"),
    [
        ("Ghani and Abdullah will meet Biden on Friday.", "Ghani and Abdullah meet Biden", [], None),
        ("Foreign ministers of the bloc will meet in Lisbon on Friday.", "Foreign ministers of the bloc meet in Lisbon",
         [], "Lisbon"),
        ("The head of the UN mission will visit Kabul on Friday.", "The head of the UN mission visits Kabul", [], None),
        ("Abdullah Abdullah, chairman of the High Council for National Reconciliation, will travel to Washington on "
         "Thursday.", "Abdullah travels to Washington", ["Abdullah Abdullah"], "Washington"),
        ("The High Council for National Reconciliation will meet on Thursday.",
         "The High Council for National Reconciliation meets", ["High Council for National Reconciliation"], None),
        ("The Economic Community of West African States will meet in Abuja on Thursday.",
         "The Economic Community of West African States meets in Abuja",
         ["Economic Community of West African States"], "Abuja"),
        ("Ministers will gather at Thursday’s summit.", "Ministers gather at Thursday’s summit", [], None),
        ("At next Friday's summit, ministers will sign the pact.", "Ministers sign the pact at next Friday's summit",
         [], None),
        ("On Friday, ministers will sign the pact in Geneva.", "Ministers sign the pact in Geneva", [], "Geneva"),
        ("Ghani will visit Washington on Friday, press secretary Jen Psaki said.", "Ghani visits Washington", [], None),
        ("Leaders will meet in Dar es Salaam on Friday.", "Leaders meet in Dar es Salaam", [], "Dar es Salaam"),
        ("KABUL, July 5 (Reuters) - The envoys will meet on Friday.", "The envoys meet", [], None),
        ("887 prisoners will be exchanged over three days starting on Friday.",
         "887 prisoners are exchanged over three days", [], None),
    ],
)  # fmt: skip
def test_event_title(text: str, title: str, participants: list[str], location: str | None) -> None:
    (ev,) = extract(text, PUB).events
    assert (ev.title, ev.participants, ev.location) == (title, participants, location)


def test_surnames_of_participants_are_the_people_named_before() -> None:
    text = (
        "President Joe Biden spoke to Afghan President Ashraf Ghani on Saturday. The UN special representative, "
        "Ingrid Halvorsen, was in Kabul.\n\nBiden will host Ghani at the White House on Friday. Ms. Halvorsen will "
        "brief the Council on July 20. Sudan's army chief, Abdel Fattah al-Burhan, met troops. Burhan will travel to "
        "Cairo on July 21."
    )
    got = [(e.participants, e.location) for e in extract(text, PUB).events]
    assert got == [
        (["Joe Biden", "Ashraf Ghani"], "White House"),
        (["Ingrid Halvorsen"], None),
        (["Abdel Fattah al-Burhan"], "Cairo"),
    ]


def _claim(actor: str, count: int, total: int | None = None) -> ControlClaim:
    return ControlClaim(evidence="x", start=0, end=1, actor=actor, count=count, qualifier="exact", total=total,
                        unit="districts", verb="control")  # fmt: skip


def test_merge_claims_keeps_conflicts_apart() -> None:
    groups = merge_claims([_claim("Taliban", 223, 407), _claim("the Taliban", 223, 407), _claim("Taliban", 90)])
    assert [len(g) for g in groups] == [2, 1]


def test_merge_statements_and_events() -> None:
    a = Statement(evidence="x", start=0, end=1, speaker="Deborah Lyons", role=None, kind="direct",
                  quote="There is only one acceptable direction for Afghanistan")  # fmt: skip
    b = a.model_copy(update={"speaker": "Lyons", "quote": "only one acceptable direction for Afghanistan"})
    c = a.model_copy(update={"quote": "Something else entirely was said here today"})
    assert [len(g) for g in merge_statements([a, b, c])] == [2, 1]
    e1 = Event(evidence="x", start=0, end=1, date=dt.date(2021, 8, 6), title="UN Security Council meets",
               participants=["UN Security Council"])  # fmt: skip
    e2 = e1.model_copy(update={"title": "Security Council session on Afghanistan"})
    e3 = e1.model_copy(update={"date": dt.date(2021, 8, 7)})
    assert [len(g) for g in merge_events([e1, e2, e3])] == [2, 1]


def test_same_day_in_two_places_is_two_events() -> None:
    text = "NATO ministers meet in Brussels on July 13, and the summit opens in Rome on Tuesday, July 13."
    assert [e.location for e in extract(text, PUB).events] == ["Brussels", "Rome"]


def test_same_event_mentioned_twice_is_one_event() -> None:
    text = "The council will meet in Geneva on July 13. Diplomats said the July 13 meeting in Geneva would be decisive."
    assert [e.date.isoformat() for e in extract(text, PUB).events] == ["2021-07-13"]
