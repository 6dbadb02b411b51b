"""Fictional news prose for the demo sites: topics, sentence templates and the names that fill them.

Every place, person and organisation is invented. Templates use ``{slots}`` filled per story by
:mod:`newsbot.demo.stories`; topic-specific slots are listed in each topic's ``fills``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """One kind of story: how its headline, first paragraph and specific facts read."""

    key: str
    desk: str
    """``world``, ``business`` or ``science``: the section it is filed under."""
    tags: tuple[str, ...]
    headlines: tuple[str, ...]
    ledes: tuple[str, ...]
    facts: tuple[str, ...]
    official_roles: tuple[str, ...]
    critic_roles: tuple[str, ...]
    fills: dict[str, tuple[str, ...]] = field(default_factory=dict)


CITIES = (
    "Port Aldren", "Velmora", "Kessington", "Brackwater", "Linden Falls", "Oston", "Marrowgate",
    "Caldera Bay", "Hollin", "Redmarsh", "Tarrow", "Easthaven", "Norbury Cross", "Saltmere",
    "Grenfield", "Ashcombe", "Vantry", "Westmoor", "Dunmore Quay", "Ellisford", "Carrick Vale",
    "Halden", "Sorrento Point", "Brightwell", "Mistral Cove", "Fenwick", "Orlan", "Stavely",
)  # fmt: skip

REGIONS = (
    "the Northern Province", "Carrow County", "the Eastern Territories", "the Coastal Region",
    "Upper Vale", "the Midland Federation", "the Southern Reach", "Lowmoor District",
)  # fmt: skip

FIRST_NAMES = (
    "Amara", "Jonas", "Priya", "Mateo", "Helena", "Tobias", "Leila", "Samuel", "Ines", "Viktor",
    "Noor", "Daniel", "Yuki", "Camille", "Oren", "Beatriz", "Kwame", "Freya", "Rafael", "Mirela",
    "Idris", "Sofia", "Callum", "Nadia", "Ruth", "Elias", "Hana", "Marcus", "Ottilie", "Tariq",
)  # fmt: skip

LAST_NAMES = (
    "Okafor", "Lindqvist", "Raman", "Alvarez", "Brandt", "Haddad", "Novak", "Ferreira",
    "Whitcombe", "Sato", "Mensah", "Duarte", "Kowalski", "Moreau", "Achebe", "Rasmussen",
    "Castell", "Iyer", "O’Connell", "Petrov", "Nakamura", "Adeyemi", "Varga", "Holm", "Quayle",
    "Marchetti", "Szabo", "Delacroix", "Oyelaran", "Thorne",
)  # fmt: skip

ANALYST_ORGS = (
    "the Halden Institute for Public Policy", "Brightwell Economics", "the Centre for Regional "
    "Studies", "Saltmere University", "Norbury Capital", "the Civic Data Trust", "Vantry Analytics",
    "the Institute of Fiscal Research",
)  # fmt: skip

RESIDENT_JOBS = (
    "a retired teacher", "a delivery driver", "a nurse who has lived in the area for 20 years",
    "a café owner", "a father of three", "a university student", "a shift worker at the local "
    "depot", "a pensioner", "a market trader", "a software engineer who commutes daily",
)  # fmt: skip

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TOPICS: tuple[Topic, ...] = (
    Topic(
        key="grid",
        desk="business",
        tags=("energy", "infrastructure"),
        headlines=(
            "{city} grid operator warns of winter shortfall as new gas plant slips to {year}",
            "Power cuts possible in {region} this winter, grid operator tells ministers",
            "{company} delays {city} power station again, leaving {n} towns exposed to outages",
        ),
        ledes=(
            "The operator of {region}’s electricity grid has warned that households in and "
            "around {city} could face rolling power cuts this winter after {company} pushed back "
            "the opening of its new gas-fired plant to {year}.",
            "Ministers were told on {weekday} that the electricity network serving {city} has "
            "less spare capacity than at any time in the past decade, raising the prospect of "
            "planned outages during cold snaps.",
            "{company} has told the grid operator that its power station outside {city} will "
            "not be ready before {year}, the third delay in as many years, leaving several "
            "towns without a reliable back-up supply.",
        ),
        facts=(
            "The plant, originally due to start generating last spring, was meant to supply "
            "roughly {pct} of the region’s peak demand.",
            "{company} blamed the latest delay on a faulty turbine shipment and a shortage of "
            "specialist welders.",
            "The grid operator said it had signed emergency contracts with {n} industrial users "
            "who will be paid to cut consumption at short notice.",
            "Peak demand on the network reached {big} megawatts last January, a record driven "
            "by a prolonged cold spell.",
            "An interconnector with a neighbouring network can import some electricity, but it "
            "is already running close to its limit on winter evenings.",
            "Battery storage projects totalling {n2} megawatts are under construction, though "
            "few will be ready before March.",
            "The regulator has opened an inquiry into whether {company} gave the grid operator "
            "adequate warning of the problems.",
        ),
        official_roles=("chief executive of the grid operator", "the energy minister"),
        critic_roles=("chair of the Consumer Energy Forum", "the opposition energy spokesperson"),
        fills={"company": ("Aldren Power", "Northstar Generation", "Velmora Energy Partners")},
    ),
    Topic(
        key="port",
        desk="business",
        tags=("shipping", "labour"),
        headlines=(
            "Dockworkers at {city} walk out over pay, stranding {big} containers",
            "Strike at {city} port enters second week as talks collapse",
            "{city} port strike ends after workers accept {pct} pay rise",
        ),
        ledes=(
            "Hundreds of dockworkers at the port of {city} walked off the job on {weekday}, "
            "halting cargo operations at one of {region}’s busiest terminals in a dispute over "
            "pay and shift patterns.",
            "Cargo ships were queuing off the coast of {city} on {weekday} as a strike by port "
            "workers showed no sign of ending after the latest round of talks broke down.",
            "Dockworkers at {city} voted on {weekday} to accept a revised pay offer, ending a "
            "strike that had paralysed the port for more than two weeks and left cargo stranded "
            "on the quayside.",
        ),
        facts=(
            "The Dockworkers’ Federation says its members have had a real-terms pay cut over "
            "the past three years as living costs rose faster than wages.",
            "{company}, which operates the container terminal, has offered a rise of {pct} "
            "spread over two years.",
            "At least {n} vessels were waiting at anchor, according to ship-tracking data.",
            "Retailers warned that shelves could run short of some imported goods if the "
            "stoppage lasted beyond the end of the month.",
            "The union is also demanding limits on the use of agency staff for night shifts.",
            "Perishable cargo has been diverted to smaller ports along the coast, adding days to "
            "delivery times.",
        ),
        official_roles=("a spokesperson for the terminal operator", "the transport minister"),
        critic_roles=("general secretary of the Dockworkers’ Federation", "a union steward"),
        fills={"company": ("Aldren Container Terminals", "Bayline Ports", "Meridian Stevedoring")},
    ),
    Topic(
        key="flood",
        desk="world",
        tags=("climate", "flooding"),
        headlines=(
            "Flood barrier on the {river} fails first full test, engineers say",
            "{city} residents told to prepare for evacuation as {river} rises",
            "Inquiry finds warnings ignored before {city} floods that damaged {big} homes",
        ),
        ledes=(
            "Engineers say a new flood barrier meant to protect {city} from the {river} did not "
            "close fully during its first full-scale test on {weekday}, raising questions about a "
            "project that has already run years behind schedule.",
            "Emergency services in {region} have told thousands of residents in low-lying parts "
            "of {city} to pack essential belongings after days of heavy rain pushed the {river} "
            "close to record levels.",
            "An independent inquiry into last winter’s floods in {city} has concluded that "
            "warnings from engineers about the state of the river defences were passed up the "
            "chain of command and then ignored.",
        ),
        facts=(
            "The barrier, which cost {money}, is designed to hold back a surge of up to {n} "
            "metres.",
            "Rainfall over the past week was more than double the monthly average, according to "
            "the national weather service.",
            "Sandbags were being handed out at {n2} distribution points across the city.",
            "Insurers estimate that more than {big} properties in the catchment are at high "
            "risk of flooding.",
            "A gate mechanism on the eastern side of the structure jammed part-way through the "
            "closing sequence, the engineering firm said.",
            "Several schools were closed and two bridges over the {river} were shut to traffic.",
        ),
        official_roles=("head of the regional flood agency", "the mayor of {city}"),
        critic_roles=("a local councillor", "chair of the {city} residents’ association"),
        fills={"river": ("River Aske", "Marrow", "River Selden", "Tarrow Water")},
    ),
    Topic(
        key="rates",
        desk="business",
        tags=("economy", "central bank"),
        headlines=(
            "Central bank holds rates at {pct} but signals cuts may come sooner",
            "Inflation falls for third month, easing pressure on borrowers",
            "Central bank splits {n}-{n2} as members clash over pace of rate cuts",
        ),
        ledes=(
            "The central bank kept its main interest rate unchanged on {weekday} but said "
            "inflation was falling faster than it had expected, a shift that analysts said "
            "opened the door to a cut early next year.",
            "Consumer price inflation slowed again last month, official figures showed on "
            "{weekday}, offering relief to households and businesses squeezed by two years of "
            "rising borrowing costs.",
            "The central bank’s rate-setting committee was more divided than at any time in the "
            "past two years, minutes published on {weekday} show, with members disagreeing "
            "sharply over how quickly to lower borrowing costs.",
        ),
        facts=(
            "Food prices rose at their slowest annual pace in almost three years.",
            "The bank’s governor said wage growth remained “uncomfortably strong” for some "
            "members of the rate-setting committee.",
            "Mortgage lenders have already started trimming fixed-rate deals in anticipation of "
            "lower rates.",
            "Services inflation, which the bank watches closely, was unchanged at {pct}.",
            "The currency fell slightly against the dollar after the announcement.",
            "Markets now price in {n} quarter-point cuts by the end of next year.",
        ),
        official_roles=("governor of the central bank", "the finance minister"),
        critic_roles=(
            "chief economist at the Federation of Small Businesses",
            "a former rate-setter",
        ),
    ),
    Topic(
        key="rail",
        desk="business",
        tags=("transport", "rail"),
        headlines=(
            "Contract for {city} high-speed rail link awarded to {company} after long tender",
            "{city} rail link budget rises to {money} as tunnelling costs mount",
            "Commuters face {n} months of weekend closures on the {city} line",
        ),
        ledes=(
            "The government has awarded the contract to build the high-speed line between "
            "{city} and {city2} to {company}, ending a tender process that dragged on for more "
            "than two years.",
            "The projected cost of the rail link connecting {city} with {city2} has risen again, "
            "according to documents published on {weekday}, with tunnelling under the old town "
            "proving harder than planned.",
            "Passengers on the line between {city} and {city2} face months of weekend closures "
            "while engineers replace signalling equipment and strengthen bridges ahead of the "
            "new high-speed service.",
        ),
        facts=(
            "The {n2}-kilometre route is expected to cut journey times between the two cities "
            "to under an hour.",
            "{company} beat two rival consortiums, one of which has said it is considering a "
            "legal challenge.",
            "About {big} jobs will be created during construction, the transport ministry said.",
            "Engineers found unexpectedly soft ground beneath a stretch of the planned tunnel "
            "last year.",
            "Passenger groups say the money would be better spent on modernising existing "
            "regional lines.",
            "The first trains are not expected to run before {year}.",
        ),
        official_roles=("the transport minister", "project director for the rail link"),
        critic_roles=(
            "chair of the Rail Passengers’ Council",
            "an opposition transport spokesperson",
        ),
        fills={"company": ("Castell Rail Group", "Holm & Varga Infrastructure", "TransVale Works")},
    ),
    Topic(
        key="recount",
        desk="world",
        tags=("elections", "politics"),
        headlines=(
            "Recount ordered in {city} after mayoral race decided by {n} votes",
            "{city} recount confirms {person} as mayor after week of uncertainty",
            "Electoral commission investigates missing ballot boxes in {region}",
        ),
        ledes=(
            "Election officials in {city} have ordered a full recount after the mayoral race "
            "ended with fewer than {n} votes separating the two leading candidates.",
            "A recount in {city} has confirmed {person} as the city’s next mayor, ending a week "
            "of legal wrangling that left the municipal government in limbo.",
            "The electoral commission has opened an investigation after ballot boxes from "
            "several polling stations in {region} went missing for most of a day before turning "
            "up in a council storeroom.",
        ),
        facts=(
            "Turnout was {pct}, the highest for a local election in the city since records "
            "began.",
            "Observers from the electoral commission will supervise the count, which is "
            "expected to take three days.",
            "Both campaigns have hired lawyers and asked for access to the ballot storage "
            "facility.",
            "Several hundred postal ballots were initially set aside because of unclear "
            "signatures.",
            "The outgoing mayor will remain in office until the result is certified.",
            "It is the first recount in the city’s history to be ordered by the commission "
            "rather than requested by a candidate.",
        ),
        official_roles=("chief electoral officer for {region}", "a commission spokesperson"),
        critic_roles=("campaign manager for the runner-up", "a lawyer for one of the candidates"),
    ),
    Topic(
        key="drought",
        desk="world",
        tags=("agriculture", "climate"),
        headlines=(
            "Farmers in {region} face hosepipe limits as reservoirs fall to {pct}",
            "Drought cuts {city} wheat harvest by a third, growers say",
            "Water rationing extended across {region} as dry spell drags on",
        ),
        ledes=(
            "Farmers across {region} have been told they can draw only half their usual "
            "allocation of irrigation water after the driest summer in decades left reservoirs "
            "at their lowest level for the time of year.",
            "Grain growers around {city} say this year’s harvest is the worst they can remember, "
            "with yields down sharply after months without significant rain.",
            "Water rationing in {region} will continue until at least the end of the year, "
            "officials said on {weekday}, as a dry spell that began in spring showed little "
            "sign of breaking.",
        ),
        facts=(
            "The main reservoir serving the area is at {pct} of capacity.",
            "Some livestock farmers have begun selling animals early because they cannot afford "
            "to buy in feed.",
            "The agriculture ministry has set aside {money} in emergency support.",
            "Hydrologists say groundwater levels will take at least two wet winters to recover.",
            "Soft-fruit growers are among the worst affected, with some abandoning entire crops.",
            "A ban on filling private swimming pools has been in place since {month}.",
        ),
        official_roles=("the agriculture minister", "director of the regional water board"),
        critic_roles=(
            "president of the {region} Farmers’ Union",
            "a hydrologist at {analyst_org}",
        ),
    ),
    Topic(
        key="chips",
        desk="science",
        tags=("technology", "semiconductors"),
        headlines=(
            "{company} picks {city} for {money} chip plant",
            "Chip factory in {city} faces water-use questions before approval",
            "{company} pauses {city} chip plant hiring as demand cools",
        ),
        ledes=(
            "{company} has chosen {city} as the site of a new semiconductor factory, a project "
            "the company says will create {big} jobs and make it one of the largest private "
            "investments in {region}’s history.",
            "Environmental groups have raised concerns about how much water a planned chip "
            "factory near {city} would use, weeks before planning officials are due to decide on "
            "the application.",
            "{company} has frozen recruitment at its new chip plant near {city} and slowed "
            "construction of a second production hall, citing weaker orders from carmakers.",
        ),
        facts=(
            "The plant would produce chips for cars and industrial equipment rather than the "
            "most advanced processors.",
            "Chip fabrication uses large volumes of ultra-pure water, and the site would draw "
            "from the same aquifer as nearby farms.",
            "The government has offered {money} in subsidies, subject to approval by "
            "competition authorities.",
            "Construction is due to begin next year, with production starting in {year}.",
            "{company} said it would recycle more than {pct} of the water used on site.",
            "Local colleges have agreed to run new technician courses to train staff.",
        ),
        official_roles=("chief executive of {company}", "the industry minister"),
        critic_roles=(
            "a campaigner with {city} Water Watch",
            "a member of the planning committee",
        ),
        fills={"company": ("Lumen Semiconductor", "Varga Microsystems", "Northgate Silicon")},
    ),
    Topic(
        key="hospital",
        desk="world",
        tags=("health", "public services"),
        headlines=(
            "Waiting lists at {city} hospitals hit record as winter pressures begin early",
            "{city} hospital to close maternity ward overnight because of staff shortages",
            "Nurses in {region} vote to accept new pay deal",
        ),
        ledes=(
            "The number of patients waiting for planned treatment at hospitals in {city} has "
            "reached a record high, figures published on {weekday} show, with winter pressures "
            "arriving weeks earlier than usual.",
            "The main hospital in {city} will stop admitting women in labour overnight from next "
            "month because it cannot recruit enough midwives, health officials said.",
            "Nurses across {region} have voted to accept a new pay deal, ending a dispute that "
            "saw walkouts at hospitals in {city} and several other towns over the summer.",
        ),
        facts=(
            "More than {big} people have been waiting longer than a year for treatment.",
            "Emergency departments in the region saw {pct} more attendances than in the same "
            "month last year.",
            "Expectant mothers will be sent to a hospital {n} miles away during night hours.",
            "Agency staff now fill roughly one in five nursing shifts at the trust.",
            "A new day-surgery unit due to open in spring is expected to ease some pressure.",
            "Respiratory infections among children have risen sharply since the autumn term "
            "started.",
        ),
        official_roles=("chief executive of the {city} hospitals trust", "the health minister"),
        critic_roles=(
            "a spokesperson for the Royal College of Midwives",
            "a patients’ group leader",
        ),
    ),
    Topic(
        key="wildfire",
        desk="world",
        tags=("wildfires", "climate"),
        headlines=(
            "Wildfire near {city} forces {big} people from their homes",
            "Firefighters contain {city} blaze after {n} days",
            "Hot, dry winds fan fires across {region}",
        ),
        ledes=(
            "A fast-moving wildfire in the hills above {city} forced thousands of people to leave "
            "their homes overnight, as strong winds pushed the flames towards the edge of the "
            "town.",
            "Firefighters said on {weekday} they had contained a wildfire that burned for days "
            "in the forests north of {city}, destroying holiday cabins and closing a motorway.",
            "Hot, dry winds fanned dozens of wildfires across {region} on {weekday}, forcing "
            "road closures and evacuations as firefighters struggled to contain the flames on "
            "several fronts.",
        ),
        facts=(
            "The fire has burned through about {big} hectares of pine forest and scrub.",
            "Water-bombing aircraft were brought in from neighbouring regions to help.",
            "At least {n} homes were destroyed, though no deaths have been reported.",
            "Investigators are examining whether the fire was started by a power line.",
            "Temporary shelters were set up in a sports hall and two schools.",
            "Air quality warnings were issued for {city2}, more than {n2} kilometres away.",
        ),
        official_roles=("chief of the regional fire service", "the mayor of {city}"),
        critic_roles=("a forestry expert at {analyst_org}", "an evacuated resident"),
    ),
    Topic(
        key="satellite",
        desk="science",
        tags=("space", "science"),
        headlines=(
            "Weather satellite built in {city} reaches orbit after two delays",
            "{mission} mission returns first images of the polar ice shelf",
            "Space agency loses contact with {mission} probe",
        ),
        ledes=(
            "A weather satellite built by engineers in {city} reached orbit on {weekday}, after "
            "two postponed launches and a last-minute fault in a ground station.",
            "Scientists working on the {mission} mission say their spacecraft has sent back its "
            "first detailed images, showing cracks spreading across a polar ice shelf faster "
            "than models predicted.",
            "Controllers at the national space agency have lost contact with the {mission} "
            "probe, days after it completed a manoeuvre meant to place it in a stable orbit.",
        ),
        facts=(
            "The satellite will take measurements of atmospheric moisture every {n} minutes.",
            "The mission cost {money} and was funded jointly by {n2} national agencies.",
            "Controllers expect it to take about six weeks to test the instruments fully.",
            "Data will be made freely available to researchers within hours of collection.",
            "An earlier launch attempt was scrubbed because of high winds at the launch site.",
            "The spacecraft is designed to operate for at least seven years.",
        ),
        official_roles=("mission manager for {mission}", "director of the national space agency"),
        critic_roles=("a planetary scientist at {analyst_org}", "an independent space analyst"),
        fills={"mission": ("Aurora-3", "Halcyon", "Polar Lantern", "Kestrel")},
    ),
    Topic(
        key="stadium",
        desk="business",
        tags=("sport", "local government"),
        headlines=(
            "{city} council approves {money} loan for new football stadium",
            "Stadium plans split {city} as club seeks public money",
            "{city} club’s stadium move delayed by contamination found on site",
        ),
        ledes=(
            "Councillors in {city} have approved a loan to help the city’s football club build a "
            "new {big}-seat stadium, despite objections that public money should not be used to "
            "support a private business.",
            "Plans for a new football stadium on the edge of {city} have divided residents, with "
            "some welcoming the investment and others warning of traffic and noise.",
            "The move by {city}’s football club to a new stadium has been pushed back by at "
            "least a season after contractors found industrial waste buried beneath the site.",
        ),
        facts=(
            "The club has played at its current ground for more than a century.",
            "The loan would be repaid over {n} years from ticket revenue and naming rights.",
            "Soil tests found industrial chemicals left by a factory that closed decades ago.",
            "The club says attendances have risen by {pct} over the past three seasons.",
            "A new tram stop would be built next to the stadium if the plans go ahead.",
            "Local traders near the old ground fear losing match-day business.",
        ),
        official_roles=("leader of {city} council", "chairman of the club"),
        critic_roles=("a councillor who voted against the plan", "head of a supporters’ trust"),
    ),
    Topic(
        key="museum",
        desk="world",
        tags=("culture", "heritage"),
        headlines=(
            "{city} museum agrees to return {n} bronze figures taken in colonial era",
            "Stolen manuscript recovered {n} years after {city} library theft",
            "Museum in {city} reopens after {money} restoration",
        ),
        ledes=(
            "The national museum in {city} has agreed to return a collection of bronze figures "
            "taken more than a century ago, after years of talks with the community they were "
            "removed from.",
            "A manuscript stolen from a library in {city} has been recovered by police, years "
            "after it vanished from a locked display case during renovation work.",
            "The museum in {city} reopened its doors on {weekday} after a restoration that took "
            "nearly four years and repaired damage to the roof, galleries and the building’s "
            "celebrated glass dome.",
        ),
        facts=(
            "Curators spent two years tracing how the objects entered the collection.",
            "The figures will be displayed in a new cultural centre built for their return.",
            "The manuscript, which dates from the 15th century, is thought to be worth {money}.",
            "A private collector came forward after recognising it in an auction catalogue.",
            "Visitor numbers fell by {pct} while the building was closed.",
            "The museum’s trustees voted unanimously in favour of the return.",
        ),
        official_roles=("director of the museum", "the culture minister"),
        critic_roles=("a historian at {analyst_org}", "a community elder"),
    ),
    Topic(
        key="housing",
        desk="business",
        tags=("housing", "economy"),
        headlines=(
            "Building permits in {region} fall to lowest level since {year2}",
            "{city} rents rise {pct} in a year as supply dries up",
            "Developers pause {n} housing projects around {city}, citing costs",
        ),
        ledes=(
            "The number of permits issued for new homes in {region} has fallen to its lowest "
            "level in more than a decade, official figures show, as high construction costs and "
            "borrowing rates put off developers.",
            "Average rents in {city} have risen sharply over the past year, according to a new "
            "survey, with tenants facing fierce competition for a shrinking number of flats.",
            "Developers have put several housing projects around {city} on hold, blaming the "
            "rising cost of materials and borrowing, in a blow to the government’s target for "
            "new homes.",
        ),
        facts=(
            "Only {big} permits were granted in the first nine months of the year.",
            "Construction material prices remain well above their level of five years ago.",
            "Some landlords have sold up rather than meet new energy-efficiency rules.",
            "Letting agents report an average of {n} applicants for every flat advertised.",
            "The government has promised to streamline planning rules for smaller projects.",
            "Social housing waiting lists in the city have grown for {n2} consecutive years.",
        ),
        official_roles=("the housing minister", "head of the regional builders’ association"),
        critic_roles=("a spokesperson for the Tenants’ Union", "a housing economist"),
    ),
    Topic(
        key="fisheries",
        desk="world",
        tags=("fishing", "environment"),
        headlines=(
            "Fishing fleets in {city} protest as cod quota cut by {pct}",
            "Scientists urge pause on herring fishing in {sea}",
            "{city} fishermen win compensation over wind farm cables",
        ),
        ledes=(
            "Fishing boats blockaded the harbour at {city} on {weekday} in protest at a sharp "
            "reduction in cod quotas, which skippers say will drive small operators out of "
            "business.",
            "Marine scientists have recommended a temporary halt to herring fishing in {sea} "
            "after surveys found stocks at their lowest level in decades.",
            "Fishermen from {city} have won compensation from the operator of an offshore wind "
            "farm after its cables damaged nets and closed traditional fishing grounds for "
            "months.",
        ),
        facts=(
            "The quota decision follows advice from marine scientists who say stocks are close "
            "to collapse.",
            "About {n} boats took part in the protest, blocking the harbour entrance for hours.",
            "Fish processors in the town employ more than {big} people.",
            "Skippers say they have already cut the number of days they spend at sea.",
            "Warmer waters have pushed some species further north in recent years.",
            "The ministry has offered {money} to help owners decommission older vessels.",
        ),
        official_roles=("the fisheries minister", "a senior marine scientist"),
        critic_roles=("chair of the {city} Fishermen’s Association", "a skipper from {city}"),
        fills={"sea": ("the Gray Sea", "the Selden Strait", "the Northern Banks")},
    ),
    Topic(
        key="water",
        desk="business",
        tags=("utilities", "environment"),
        headlines=(
            "{company} fined {money} over sewage spills into {river}",
            "Water bills in {region} to rise {pct} next year, regulator says",
            "{company} bosses questioned over bonuses after pollution fines",
        ),
        ledes=(
            "{company} has been fined after releasing untreated sewage into the {river} on "
            "dozens of occasions, in what the judge called a “persistent disregard” for the "
            "environment.",
            "Households served by {company} will pay more for water next year after the "
            "regulator approved an increase to fund repairs to leaking pipes and overflowing "
            "treatment works.",
            "Executives at {company} faced hostile questions from lawmakers on {weekday} over "
            "bonuses paid in a year in which the company was repeatedly fined for pollution.",
        ),
        facts=(
            "The spills happened over a period of {n} months and killed thousands of fish.",
            "{company} says it is investing record sums in its network.",
            "Roughly a fifth of treated water is lost through leaks before it reaches customers.",
            "Swimmers’ groups have campaigned for the {river} to gain bathing-water status.",
            "The company’s executives received bonuses last year despite missing targets.",
            "The average annual bill will rise to about {money2}.",
        ),
        official_roles=("chief executive of {company}", "head of the water regulator"),
        critic_roles=("a campaigner with Clean Rivers {region2}", "an environmental lawyer"),
        fills={
            "company": ("Vale Water", "Brackwater Utilities", "Eastern Rivers Water"),
            "river": ("River Aske", "River Selden", "Linden Brook"),
        },
    ),
    Topic(
        key="vaccine",
        desk="science",
        tags=("health", "science"),
        headlines=(
            "Trial of new RSV vaccine for infants shows {pct} protection",
            "{city} lab develops cheaper test for tuberculosis",
            "Researchers in {city} identify gene linked to rare heart condition",
        ),
        ledes=(
            "A vaccine given to pregnant women reduced serious respiratory infections in their "
            "babies by a large margin in a trial involving thousands of families, researchers "
            "reported on {weekday}.",
            "Scientists in {city} say they have developed a test for tuberculosis that costs a "
            "fraction of existing methods and gives results in under an hour.",
            "Researchers in {city} say they have identified a gene linked to a rare heart "
            "condition that can cause sudden cardiac arrest in otherwise healthy young adults.",
        ),
        facts=(
            "The trial enrolled {big} participants across {n} countries.",
            "Side effects were mostly mild, such as soreness at the injection site.",
            "The findings were published in a peer-reviewed medical journal.",
            "Regulators are expected to review the data early next year.",
            "The test uses a paper strip and a small reader that runs on batteries.",
            "Further studies will look at whether protection lasts beyond the first year.",
        ),
        official_roles=("the study’s lead author", "head of the research team"),
        critic_roles=(
            "an infectious disease specialist at {analyst_org}",
            "an independent expert",
        ),
    ),
    Topic(
        key="tram",
        desk="world",
        tags=("transport", "local government"),
        headlines=(
            "{city} tram extension opens {n} years late",
            "Fare-free buses in {city} boost passenger numbers by {pct}",
            "{city} to ban cars from old town centre from {month}",
        ),
        ledes=(
            "The long-awaited extension of {city}’s tram network opened to passengers on "
            "{weekday}, years behind schedule and well over its original budget.",
            "Passenger numbers on {city}’s buses have risen sharply since fares were scrapped "
            "at the start of the year, according to figures released by the city council.",
            "Cars will be banned from the old town centre of {city} from {month}, the city "
            "council decided on {weekday}, in one of the most ambitious traffic schemes in "
            "{region}.",
        ),
        facts=(
            "The extension adds {n2} stops and links the city centre with the university campus.",
            "The scheme is paid for by a levy on large employers in the city.",
            "Shopkeepers in the old town are divided over the car ban.",
            "Trams will run every six minutes at peak times.",
            "Road traffic in the city centre has fallen by about {pct}.",
            "The final cost of the project came to {money}.",
        ),
        official_roles=("the mayor of {city}", "head of the city transport authority"),
        critic_roles=("chair of the {city} Chamber of Commerce", "a local motoring group"),
    ),
    Topic(
        key="bank",
        desk="business",
        tags=("banking", "economy"),
        headlines=(
            "{company} to close {n} branches and cut {big} jobs",
            "Regulator fines {company} over failures to spot money laundering",
            "{company} profits jump on higher interest income",
        ),
        ledes=(
            "{company} said on {weekday} that it would close dozens of branches and cut "
            "thousands of jobs as more customers move to online banking.",
            "The financial regulator has fined {company} after finding serious weaknesses in its "
            "checks on suspicious transactions over a period of several years.",
            "{company} reported a sharp rise in profit on {weekday}, helped by higher interest "
            "rates that widened the gap between what it earns on loans and pays on deposits.",
        ),
        facts=(
            "Branch visits have halved over the past five years, the bank said.",
            "Pre-tax profit rose {pct} in the first half of the year.",
            "The fine of {money} is the largest the regulator has imposed on a domestic lender.",
            "Unions said they would seek talks to avoid compulsory redundancies.",
            "Rural communities could be left without a bank branch within {n2} miles.",
            "The bank will open shared banking hubs in some towns.",
        ),
        official_roles=("chief executive of {company}", "a spokesperson for the regulator"),
        critic_roles=("a banking union official", "a consumer rights campaigner"),
        fills={"company": ("Halden Bank", "First Coastal", "Norbury Savings")},
    ),
    Topic(
        key="wolves",
        desk="science",
        tags=("wildlife", "environment"),
        headlines=(
            "Wolves return to {region} forests after a century",
            "Beavers reintroduced near {city} cut flood peaks, study finds",
            "Rare eagle chicks hatch in {region} for first time in decades",
        ),
        ledes=(
            "A pack of wolves has settled in the forests of {region}, wildlife officials said "
            "on {weekday}, the first confirmed breeding group in the area for more than a "
            "hundred years.",
            "Beavers released into streams near {city} five years ago have measurably reduced "
            "flooding downstream, according to a study published this week.",
            "A pair of rare eagles has raised chicks in {region} for the first time in decades, "
            "wildlife officials said, after years of work to protect nesting sites from "
            "disturbance.",
        ),
        facts=(
            "Camera traps recorded at least {n} animals, including pups born this spring.",
            "Farmers are eligible for compensation if livestock is killed.",
            "The dams built by the animals slow water during heavy rain.",
            "Researchers monitored water levels at {n2} points along the stream.",
            "Conservation groups have been campaigning for a reintroduction for years.",
            "Some landowners say the animals have damaged trees and drainage ditches.",
        ),
        official_roles=("head of the regional wildlife service", "the study’s lead author"),
        critic_roles=("a sheep farmer in {region}", "a spokesperson for a landowners’ group"),
    ),
)  # fmt: skip

# Generic paragraphs of a news story, by role; every story draws from each pool.
OFFICIAL_QUOTES = (
    "“We have been clear from the start that this is not something that can be fixed "
    "overnight,” said {official}, {official_role}.",
    "{official}, {official_role}, told reporters on {weekday} that the decision had been "
    "“difficult but necessary”.",
    "“I understand the frustration, and I share it,” {official} said in a statement. “But the "
    "alternative would have been far worse.”",
    "Speaking at a press conference in {city}, {official} said the plan was “realistic and "
    "fully costed”.",
    "“Our priority is the safety of the public, and every decision we take starts there,” "
    "{official}, {official_role}, said.",
    "{official} said further details would be published “within weeks” and promised a public "
    "consultation.",
    "Asked whether the timetable could slip again, {official} said: “I am not going to make "
    "promises I cannot keep.”",
    "In an interview with local radio, {official} acknowledged that mistakes had been made but "
    "said lessons had been learned.",
)  # fmt: skip

CRITIC_QUOTES = (
    "“This has been a long time coming, and people deserve better answers than they have had,” "
    "said {critic}, {critic_role}.",
    "{critic}, {critic_role}, called the announcement “too little, too late”.",
    "“Nobody consulted the people who will actually live with the consequences,” {critic} said.",
    "Critics, including {critic}, {critic_role}, say the warning signs were visible for years.",
    "“We will be watching very closely to make sure these promises are kept,” said {critic}.",
    "{critic} said the figures showed “a system that has been allowed to drift”.",
    "“It is the same story every year, and every year we are told it will be different,” "
    "{critic}, {critic_role}, said.",
    "{critic} accused the authorities of “managing the headlines rather than the problem”.",
)  # fmt: skip

ANALYST_LINES = (
    "{analyst}, a researcher at {analyst_org}, said the underlying problem was decades of "
    "under-investment.",
    "“The numbers are not surprising to anyone who has followed this closely,” said {analyst} "
    "of {analyst_org}.",
    "Analysts at {analyst_org} estimate that the total cost could end up {n2} times higher than "
    "the original forecast.",
    "{analyst} of {analyst_org} cautioned against reading too much into a single month’s data.",
    "According to {analyst_org}, similar projects elsewhere have taken between five and ten "
    "years to deliver the promised benefits.",
    "“What happens next depends largely on decisions that have not yet been taken,” said "
    "{analyst}, who studies the sector at {analyst_org}.",
)  # fmt: skip

RESIDENT_LINES = (
    "{resident}, {resident_job}, said the uncertainty had been the hardest part. “You just want "
    "to know what is going to happen.”",
    "“We have heard all of this before,” said {resident}, {resident_job}. “I will believe it "
    "when I see it.”",
    "For {resident}, {resident_job}, the news came as a relief. “It has been a worrying few "
    "months,” she said.",
    "{resident}, {resident_job}, said neighbours had been sharing information in a group chat "
    "because official updates were slow to arrive.",
    "“My parents lived through something similar, and they never forgot it,” said {resident}, "
    "{resident_job}.",
)  # fmt: skip

BACKGROUND_LINES = (
    "The issue has been a source of political tension in {region} for several years.",
    "A similar plan was shelved in {year2} after a change of government.",
    "The area has a population of about {big} people, many of whom commute to {city2} for work.",
    "An independent review published last year made {n} recommendations, fewer than half of "
    "which have been carried out.",
    "Opposition parties have called for a parliamentary inquiry.",
    "Local elections are due next spring, and the issue is expected to feature prominently.",
    "Officials first raised concerns in internal reports more than two years ago, documents "
    "seen by journalists show.",
    "Neighbouring {city2} faced a comparable situation three years ago and took more than a "
    "year to recover.",
    "The national audit office has previously criticised the way such projects are managed.",
)  # fmt: skip

NUMBER_LINES = (
    "Official figures show the number has risen by {pct} since {year2}.",
    "The total cost to the public purse is estimated at {money}.",
    "About {big} people are directly affected, according to the regional authority.",
    "A survey of {big2} residents found that {pct2} supported the plan, while the rest were "
    "opposed or undecided.",
    "That is roughly {n} times the figure recorded a decade ago.",
)  # fmt: skip

OUTLOOK_LINES = (
    "A final decision is expected before the end of the year.",
    "The matter will be debated in the regional assembly next month.",
    "{official} is due to give evidence to a parliamentary committee in the coming weeks.",
    "Further updates are expected on {weekday2}.",
    "Officials said they would review the situation again in the spring.",
    "The next progress report is due to be published in {month}.",
)  # fmt: skip

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

CAPTIONS = (
    "A view of {city} from the hills to the east, where officials say the effects will be felt "
    "first.",
    "{official} speaking to reporters earlier this year.",
    "Residents gathered outside the town hall in {city} on {weekday}.",
    "The site on the outskirts of {city} as it looked last month.",
)  # fmt: skip
