"""Name lexicons: given names, common surnames, famous namesakes and the words around them.

These decide whether a bare surname in a headline may stand for a watched prosecutor.
All entries are lowercase ASCII (the matcher folds accents before looking them up).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common US given names. A capitalised one right before a watched surname ("Lee Krasner",
# "Kathy Boudin", "Cory Gardner") means a different person with the same surname.
GIVEN_NAMES = _words(
    """
    aaron abigail adam adrian aidan al alan albert alberto alex alexander alexandra alexis alfred
    alice alicia alison allen allison alvin amanda amber amy ana andre andrea andrew andy angela
    angie anita ann anna anne annie anthony antonio april arthur ashley audrey austin ayanna
    barack barbara barry ben benjamin bernard bernie beth betsy betty beverly bill billy blake
    bob bobby bonnie brad bradley brandon brenda brent brett brian bridget brittany brooke bruce
    bryan buck bud caleb calvin cameron carl carla carlos carmen carol caroline carolyn carrie
    casey catherine cathy cecilia chad charles charlie charlotte cheryl chesa chris
    christian christina christine christopher chuck cindy claire clara clarence claude clay
    clint cody colin connie cory courtney craig cristina crystal curtis cy cyrus dale dan dana
    daniel danielle danny darius darrell dave david dawn dean debbie deborah debra dennis derek
    diana diane dick dolores don donald donna doris dorothy doug douglas duane dustin dwayne
    dwight earl ed eddie edgar edward edwin eileen elaine eleanor elijah elizabeth ellen emily
    emma eric erica erik erin ernest esther ethan eugene eva evan evelyn faith fani felix
    fernando florence floyd frances francis frank franklin fred freddie frederick gabriel
    gabriela gail gary gavin gene george georgia gerald gina gladys glen glenn gloria gordon
    grace greg gregory gretchen hank harold harry hazel heather heidi helen henry herbert
    hillary holly howard hunter ian irene isaac ivan jack jackie jacob jacqueline jake james
    jamie jan jane janet janice jared jasmine jason jay jean jeanne jeff jeffrey jennifer jenny
    jeremy jerome jerry jesse jessica jill jim jimmy jo joan joann joanne joe joel john johnny
    jon jonathan jordan jorge jose joseph josh joshua joyce juan judith judy julia julian julie
    justin karen karl kate katherine kathleen kathryn kathy katie kay keith kelly ken kenneth
    kevin kim kimberly kirk kristen kristin kurt kyle lance larry laura lauren lawrence lee
    leif leo leon leonard leslie lewis lillian linda lindsey lisa lois lori lorraine louis
    louise lucas lucy luis luke lydia lynn mac madeline malcolm marc marcus margaret maria
    marie marilyn mario marion mark marsha martha martin martina marvin mary matt matthew
    maureen max megan melanie melissa michael michele michelle miguel mike mildred mitch
    mitchell molly monica monique morgan nancy naomi natalie nathan nathaniel neil nicholas
    nick nicole noah norma norman oliver olivia oscar pam pamela parisa pat patricia patrick
    paul paula pauline peggy penny pete peter phil philip phyllis rachael rachel ralph randall
    randy ray raymond rebecca redd regina reginald renee rex rhonda ricardo richard richie
    rick ricky rita robert roberta robin rod rodney roger roland ron ronald ronnie rosa
    rose ross roy ruby russell ruth ryan sally sam samantha samuel sandra sara sarah scott sean
    seth shannon sharon shawn sheila shelby shirley sidney stacey stan stanley stephanie
    stephen steve steven sue susan suzanne suzy sylvia tammy tanya ted teresa terrence terry
    theo theodore theresa thomas tiffany tim timothy tina todd tom tommy toni tony tori tracy
    travis troy tyler valerie vanessa vernon veronica vicki victor victoria vincent virginia
    walter wanda warren wayne wendy wesley william willie wyatt yvonne zachary
    """
)

# Nickname groups: any member stands for any other ("Kim" / "Kimberly").
NICKNAME_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split())
    for g in (
        "kim kimberly kimberley",
        "larry lawrence",
        "joe joseph joey",
        "jose joe",
        "bob robert rob bobby robbie",
        "mike michael mick",
        "steve steven stephen",
        "ken kenneth kenny",
        "theo theodora theodore",
        "andrew andy drew",
        "tom thomas tommy",
        "bill william will billy",
        "jim james jimmy jamie",
        "dan daniel danny",
        "dave david",
        "chris christopher christine christina",
        "pam pamela",
        "jackie jacqueline jack",
        "cy cyrus",
        "rachael rachel",
        "tori victoria",
        "sue susan suzy suzanne",
        "nate nathan nathaniel",
        "matt matthew",
        "pat patrick patricia",
        "tony anthony",
        "rick richard dick",
        "ron ronald",
        "greg gregory",
        "jeff jeffrey",
        "liz elizabeth beth betsy",
        "kate katherine kathy kathleen",
        "alex alexander alexandra",
        "sam samuel samantha",
        "terry terence terrence",
        "al alvin albert",
        "barb barbara",
        "ed edward eddie",
        "don donald",
        "jen jennifer jenny",
        "ray raymond",
        "vince vincent",
        "ben benjamin",
        "josh joshua",
    )
)

# Frequent US surnames and surnames that are also English words: alone they say little.
COMMON_SURNAMES = _words(
    """
    adams allen alvarez anderson bailey baker banks barnes bates bell bennett black bishop
    bragg brooks brown bryant butler campbell carter castillo chavez clark coleman collins
    conway cook cooper cox cruz davis diaz edwards evans fisher flores ford foster fox
    freeman garcia gardner garner garza gomez gonzales gonzalez graham gray green griffin hall
    harris hayes henderson hernandez hill howard hughes jackson james jenkins jimenez johnson
    jones jordan kelly kennedy kim king lee lewis long lopez martin martinez miller mitchell
    moore morales morgan morris murphy myers nelson ortiz parker patterson perez perry peterson
    phillips powell price ramirez ramos reed reyes richardson rivera roberts robinson rodriguez
    rogers rollins ross ruiz russell salazar sanchez sanders scott simmons smith stewart
    sullivan taylor thomas thompson torres turner walker wallace ward warren washington watson
    white williams willis wilson wood wright young
    """
)

# The 100 most frequent surnames in the United States, in rank order: U.S. Census Bureau,
# "Frequently Occurring Names in the U.S. - 1990", file dist.all.last (the same file ships in
# the MIT-licensed `names` package on PyPI). A given name before one of these ("Jason
# Williams") still leaves hundreds of people; before a rarer surname ("Alvin Bragg", rank
# about 1,500) it is one person in the news. COMMON_SURNAMES above is wider: it also holds
# surnames that are words, which say little alone but much after a first name.
FREQUENT_SURNAMES = _words(
    """
    smith johnson williams jones brown davis miller wilson moore taylor anderson thomas
    jackson white harris martin thompson garcia martinez robinson clark rodriguez lewis lee
    walker hall allen young hernandez king wright lopez hill scott green adams baker
    gonzalez nelson carter mitchell perez roberts turner phillips campbell parker evans
    edwards collins stewart sanchez morris rogers reed cook morgan bell murphy bailey rivera
    cooper richardson cox howard ward torres peterson gray ramirez james watson brooks kelly
    sanders price bennett wood barnes ross henderson coleman jenkins perry powell long
    patterson hughes flores washington butler simmons foster gonzales bryant alexander
    russell griffin diaz hayes
    """
)

# Surnames shared with a famous person, brand, place or word that dominates news about them.
NAMESAKE_SURNAMES = _words(
    """
    becton boudin bragg brady foxx gardner king lacey price robb rollins trump vance
    warren washington worrell bates anderson lopez
    """
)

# Namesakes who hold or seek office themselves (a senator, a governor, a cabinet member: Sen.
# Elizabeth Warren, Rep. Virginia Foxx, Sen. Cory Gardner, HHS Secretary Tom Price, Sen. Angus
# King, Sen. J.D. Vance, Secretary Brooke Rollins): they resign, win and are sued like any
# officeholder, so an officeholder frame alone does not tell them from the prosecutor.
OFFICE_NAMESAKES = _words(
    """
    anderson bates brady foxx gardner king lopez price rollins trump vance warren washington
    """
)

# Words right before a surname that make it someone else (or not a person at all).
OTHER_PERSON_BEFORE = _words(
    """
    rep rep. representative sen sen. senator gov gov. governor president pres. mayor secretary
    sec. judge justice coach dr dr. rev rev. reverend pastor sgt sgt. sergeant officer detective
    chief sheriff gen. general col. capt. captain lt. actor actress singer painter artist
    fort camp lake mount mt. port
    """
)

# Words right after a surname that make it a company, place or thing.
NON_PERSON_AFTER = _words(
    """
    inc inc. corp corp. corporation company bakery bakeries sourdough sausage college university
    dickinson county street st. avenue ave. park act elementary school report motel hall hotel
    foundation family's brothers bros. cafe restaurant
    """
)

# Function words: a capitalised one before a surname is headline case, not a first name.
STOPWORDS = _words(
    """
    a an and as at by for from in into of on or over the to with against after before about
    amid despite says said vs v. versus not no new ex former
    """
)
