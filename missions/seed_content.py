"""Content of the two seed pages (../shared/seeds), in English and French.

Loaded by `manage.py seed_content`. Plain data: no Django imports.

- English texts reproduce the seed pages word for word (typos included). Seed 001 texts keep
  the no-break spaces (U+00A0) of the captured page, e.g. in "October 15, 2017".
- French texts follow French typography: a no-break space (U+00A0) before : ; ! ? and
  inside « ».
- Body markup: paragraphs separated by one blank line; bullet items are lines starting with
  "- "; nested items start with "  - ".
"""

# Dates as "YYYY-MM-DD" strings or None; precision is "day", "month" or "year".
# as_of date given to the figures of seed 000 (the 2024-25 page; exact date unknown)
CURRENT_PAGE = "2024-04-01"
# as_of date given to the figures of seed 001 (it describes MINUJUSTH, which started
# 16 Oct 2017: the earliest date that version can describe)
EARLIER_PAGE = "2017-10-16"
# Neither page says on which day its figures were true: only the year is known.
PAGE_DATE_PRECISION = "year"
SOURCE_CURRENT = "RCMP Current peace operations page, 2024-25 version (exact date unknown)"
SOURCE_EARLIER = (
    "RCMP Current operations page, late 2017/2018 version; dated to MINUJUSTH's start, "
    "16 October 2017, the earliest date it can describe"
)

REGIONS = [
    dict(
        slug="caribbean-region",
        position=1,
        name_en="Caribbean region",
        name_fr="Région des Caraïbes",
        language="fr",
        armed=True,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="ukraine",
        position=2,
        name_en="Ukraine",
        name_fr="Ukraine",
        language="en",
        armed=False,
        note_en=(
            "Currently, operations of the bilateral engagement with the National Police of Ukraine "
            "have been suspended due to the Russian invasion of Ukraine. Additionally, there have "
            "been no contributions of Canadian personnel to the European Union Advisory Mission in "
            "Ukraine."
        ),
        note_fr=(
            "À l'heure actuelle, les opérations de l'engagement bilatéral avec la Police nationale "
            "de l'Ukraine sont suspendues en raison de l'invasion de l'Ukraine par la Russie. De "
            "plus, aucun membre du personnel canadien n'a été affecté à la Mission de conseil de "
            "l'Union européenne en Ukraine."
        ),
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="west-bank",
        position=3,
        name_en="West Bank",
        name_fr="Cisjordanie",
        language="en",
        armed=False,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="democratic-republic-of-the-congo",
        position=4,
        name_en="Democratic Republic of the Congo",
        name_fr="République démocratique du Congo",
        language="fr",
        armed=False,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="haiti",
        position=5,
        name_en="Haiti",
        name_fr="Haïti",
        language="fr",
        armed=True,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="colombia",
        position=6,
        name_en="Colombia",
        name_fr="Colombie",
        language="es",
        armed=False,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
    dict(
        slug="iraq",
        position=7,
        name_en="Iraq",
        name_fr="Irak",
        language="en",
        armed=True,
        note_en="",
        note_fr="",
        intro_en="",
        intro_fr="",
    ),
]
MISSIONS = [
    dict(
        slug="binuh",
        region="caribbean-region",
        position=1,
        kind="un",
        name_en="United Nations Integrated Office in Haiti",
        name_fr="Bureau intégré des Nations Unies en Haïti",
        acronym_en="BINUH",
        acronym_fr="BINUH",
        body_en=(
            "Currently, Canada participates in the United Nations Integrated Office in Haiti "
            "(BINUH), which supports the Haitian National Police by providing mentoring and "
            "strategic advice to senior and middle-level management."
        ),
        body_fr=(
            "À l'heure actuelle, le Canada participe au Bureau intégré des Nations Unies en Haïti "
            "(BINUH), qui appuie la Police nationale d'Haïti en offrant du mentorat et des "
            "conseils stratégiques à ses cadres supérieurs et intermédiaires."
        ),
        status="active",
        started=None,
        started_precision="day",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor="minujusth",
        source=SOURCE_CURRENT,
    ),
    dict(
        slug="haiti-police-to-police",
        region="caribbean-region",
        position=2,
        kind="bilateral",
        name_en="Police-to-police engagement with the Haitian National Police",
        name_fr="Engagement de police à police avec la Police nationale d'Haïti",
        acronym_en="",
        acronym_fr="",
        body_en=(
            "Additionally, the RCMP continues to support the Government of Canada's efforts in "
            "Haiti by engaging the Haitian National Police on police-to-police basis. To support "
            "Haitian-led solutions, Canada, through the RCMP, supports the delivery of police "
            "training, and train-the-trainer programs to help support the Haitian National Police "
            "in tackling gangs, strengthening anti-corruption mechanisms, and supporting the "
            "protection of Haitians afflicted by gang violence."
        ),
        body_fr=(
            "De plus, la GRC continue d'appuyer les efforts du gouvernement du Canada en Haïti en "
            "collaborant directement, de police à police, avec la Police nationale d'Haïti. Afin "
            "de soutenir des solutions dirigées par les Haïtiens, le Canada, par l'entremise de la "
            "GRC, appuie la prestation de formations policières et de programmes de formation des "
            "formateurs pour aider la Police nationale d'Haïti à lutter contre les gangs, à "
            "renforcer les mécanismes de lutte contre la corruption et à protéger les Haïtiennes "
            "et les Haïtiens touchés par la violence des gangs."
        ),
        status="active",
        started=None,
        started_precision="day",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT,
    ),
    dict(
        slug="ukraine-bilateral",
        region="ukraine",
        position=1,
        kind="bilateral",
        name_en="Canadian Police Mission in Ukraine - Bilateral Engagement",
        name_fr="Mission de police canadienne en Ukraine – Engagement bilatéral",
        acronym_en="",
        acronym_fr="",
        body_en=(
            "Canada supports Ukraine's police reform through a bilateral engagement. Canadian "
            "police first began deploying in short-term train-the-trainer roles in July 2015. "
            "Longer-term deployments focusing on training and community policing began in June "
            "2016.\n\n"
            "Ukraine's police reform efforts will help the National Police of Ukraine to transform "
            "into a modern, accountable and transparent police service founded on internationally "
            "recognized standards and best practices, which includes the respect for human "
            "rights.\n\n"
            "The objectives of Canada's bilateral mission are to support Ukraine's police reform "
            "efforts by:\n\n"
            "- building the capacity, effectiveness and sustainability of Ukraine's police "
            "services including developing specialized areas of expertise\n"
            "- increasing awareness of gender and human rights considerations"
        ),
        body_fr=(
            "Le Canada appuie la réforme de la police ukrainienne dans le cadre d'un engagement "
            "bilatéral. Les premiers policiers canadiens ont été déployés en juillet 2015 pour de "
            "courtes affectations de formation des formateurs. Des déploiements de plus longue "
            "durée, axés sur la formation et la police communautaire, ont commencé en juin "
            "2016.\n\n"
            "La réforme de la police ukrainienne aidera la Police nationale de l'Ukraine à se "
            "transformer en un service de police moderne, responsable et transparent, fondé sur "
            "des normes et des pratiques exemplaires reconnues à l'échelle internationale, ce qui "
            "comprend le respect des droits de la personne.\n\n"
            "La mission bilatérale du Canada a pour objectif d'appuyer la réforme de la police "
            "ukrainienne en :\n\n"
            "- renforçant la capacité, l'efficacité et la viabilité des services de police de "
            "l'Ukraine, notamment en développant des domaines d'expertise spécialisés\n"
            "- sensibilisant davantage aux considérations liées à l'égalité des genres et aux "
            "droits de la personne"
        ),
        status="suspended",
        started="2015-07-01",
        started_precision="month",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT
        + ': "first began deploying ... in July 2015"; suspended per the Note callout',
    ),
    dict(
        slug="euam-ukraine",
        region="ukraine",
        position=2,
        kind="eu",
        name_en="European Union Advisory Mission for Civilian Security Sector Reform",
        name_fr=(
            "Mission de conseil de l'Union européenne sur la réforme du secteur de la sécurité "
            "civile en Ukraine"
        ),
        acronym_en="EUAM Ukraine",
        acronym_fr="EUAM Ukraine",
        body_en=(
            "Through this mission, Canadian police provide strategic advice for the development of "
            "effective, sustainable, and accountable security services to help strengthen the rule "
            "of law in Ukraine."
        ),
        body_fr=(
            "Dans le cadre de cette mission, les policiers canadiens fournissent des conseils "
            "stratégiques en vue de la mise en place de services de sécurité efficaces, durables "
            "et responsables, afin de contribuer au renforcement de la primauté du droit en "
            "Ukraine."
        ),
        status="active",
        started=None,
        started_precision="day",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT,
    ),
    dict(
        slug="eupol-copps",
        region="west-bank",
        position=1,
        kind="eu",
        name_en="European Union Coordinating Office for Palestine Police Support",
        name_fr=(
            "Bureau de coordination de l'Union européenne pour le soutien à la police palestinienne"
        ),
        acronym_en="EUPOL COPPS",
        acronym_fr="EUPOL COPPS",
        body_en=(
            "The European Union Coordinating Office for Palestinian Police Support (EUPOL COPPS) "
            "helps the Palestinian Authority with policing reform and development and criminal "
            "justice system support.\n\n"
            "Deployed police officers mentor members of the Palestinian Civil Police, specifically "
            "senior officials.\n\n"
            "In their advisory role, Canadian police:\n\n"
            "- assess the training needs of the Palestinian Civil Police\n"
            "- help with training and equipping its members\n"
            "- assist the Palestinian Civil Police in establishing human resources policies and "
            "programs, including:\n"
            "  - human rights;\n"
            "  - gender perspective; and\n"
            "  - gender mainstreaming\n\n"
            "The aim is to build the capacity of the Palestinian Civil Police as a security force, "
            "based on working toward a two-state solution."
        ),
        body_fr=(
            "Le Bureau de coordination de l'Union européenne pour le soutien à la police "
            "palestinienne (EUPOL COPPS) aide l'Autorité palestinienne à réformer et à développer "
            "ses services de police et lui apporte un soutien en matière de justice pénale.\n\n"
            "Les policiers déployés offrent du mentorat aux membres de la Police civile "
            "palestinienne, en particulier aux hauts gradés.\n\n"
            "Dans leur rôle de conseillers, les policiers canadiens :\n\n"
            "- évaluent les besoins en formation de la Police civile palestinienne\n"
            "- contribuent à la formation et à l'équipement de ses membres\n"
            "- aident la Police civile palestinienne à établir des politiques et des programmes de "
            "ressources humaines, notamment en ce qui concerne :\n"
            "  - les droits de la personne ;\n"
            "  - la perspective de genre ; et\n"
            "  - l'intégration de la dimension de genre\n\n"
            "L'objectif est de renforcer la capacité de la Police civile palestinienne en tant que "
            "force de sécurité, dans la perspective d'une solution à deux États."
        ),
        status="active",
        started="2008-08-01",
        started_precision="month",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT
        + '; start date from the earlier page: "Participation since: August 2008"',
    ),
    dict(
        slug="operation-proteus",
        region="west-bank",
        position=2,
        kind="other",
        name_en="Operation PROTEUS",
        name_fr="Opération PROTEUS",
        acronym_en="",
        acronym_fr="",
        body_en=(
            "Operation PROTEUS is Canada's contribution to the Office of the United States "
            "Security Coordinator for Israel and the Palestinian Authority in Jerusalem. As part "
            "of the Law Enforcement Directorate within Operation Proteus, Canadian personnel work "
            "as police advisors to the security coordinator team. The security coordinator "
            "encourages coordination on security matters between Israel and the Palestinian "
            "Authority, and the efforts of the Palestinian Authority in the West Bank to build "
            "security capacity.\n\n"
            "Operation PROTEUS also takes part in training programs for the Palestinian Authority "
            "Security Forces, notably the Palestinian Officer's Academy in Jericho. Instructors at "
            "the academy include international and Palestinian personnel. Canadian police officers "
            "and international instructors' mentor the Palestinian instructors in order to build "
            "their capacity for the future."
        ),
        body_fr=(
            "L'opération PROTEUS est la contribution du Canada au Bureau du coordonnateur de la "
            "sécurité des États-Unis pour Israël et l'Autorité palestinienne, à Jérusalem. Au sein "
            "de la Direction de l'application de la loi de l'opération PROTEUS, les membres du "
            "personnel canadien agissent à titre de conseillers de police auprès de l'équipe du "
            "coordonnateur de la sécurité. Le coordonnateur de la sécurité favorise la "
            "coordination entre Israël et l'Autorité palestinienne en matière de sécurité, ainsi "
            "que les efforts de l'Autorité palestinienne pour renforcer ses capacités en matière "
            "de sécurité en Cisjordanie.\n\n"
            "L'opération PROTEUS participe également aux programmes de formation des Forces de "
            "sécurité de l'Autorité palestinienne, notamment à l'Académie des officiers "
            "palestiniens, à Jéricho. Le corps enseignant de l'Académie est formé de personnel "
            "international et palestinien. Les policiers canadiens et les autres instructeurs "
            "internationaux encadrent les instructeurs palestiniens afin de renforcer leurs "
            "capacités pour l'avenir."
        ),
        status="active",
        started="2013-07-01",
        started_precision="month",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT
        + '; start date from the earlier page: "Participation since: July 2013"',
    ),
    dict(
        slug="monusco",
        region="democratic-republic-of-the-congo",
        position=1,
        kind="un",
        name_en=(
            "United Nations Organization Stabilization Mission in the Democratic Republic of the "
            "Congo"
        ),
        name_fr=(
            "Mission de l'Organisation des Nations Unies pour la stabilisation en République "
            "démocratique du Congo"
        ),
        acronym_en="MONUSCO",
        acronym_fr="MONUSCO",
        body_en=(
            "Canadian police take part in the United Nations Organization Stabilization Mission in "
            "the Democratic Republic of the Congo (MONUSCO) in two ways:\n\n"
            "- The Specialized Police Team focuses on countering sexual and gender-based violence "
            "among vulnerable populations, by training and mentoring local police and building "
            "awareness within the communities; and\n"
            "- The Individual Police Officers support the MONUSCO mandate of protecting civilians "
            "and consolidating peace in the Democratic Republic of the Congo."
        ),
        body_fr=(
            "Les policiers canadiens participent de deux façons à la Mission de l'Organisation des "
            "Nations Unies pour la stabilisation en République démocratique du Congo "
            "(MONUSCO) :\n\n"
            "- L'Équipe de police spécialisée se consacre à la lutte contre la violence sexuelle "
            "et fondée sur le genre au sein des populations vulnérables, en formant et en "
            "encadrant la police locale et en sensibilisant les communautés ; et\n"
            "- Les policiers hors unités constituées appuient le mandat de la MONUSCO, qui "
            "consiste à protéger les civils et à consolider la paix en République démocratique du "
            "Congo."
        ),
        status="active",
        started=None,
        started_precision="day",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_CURRENT,
    ),
    dict(
        slug="minustah",
        region="haiti",
        position=1,
        kind="un",
        name_en="United Nations Stabilization Mission in Haiti",
        name_fr="Mission des Nations Unies pour la stabilisation en Haïti",
        acronym_en="MINUSTAH",
        acronym_fr="MINUSTAH",
        body_en=(
            "Canadian police had participated in the United Nations Stabilization Mission in Haiti "
            "(MINUSTAH) since 2004. That mission officially closed on October 15, 2017."
        ),
        body_fr=(
            "Des policiers canadiens participaient depuis 2004 à la Mission des Nations Unies pour "
            "la stabilisation en Haïti (MINUSTAH). Cette mission a officiellement pris fin le 15 "
            "octobre 2017."
        ),
        status="ended",
        started="2004-01-01",
        started_precision="year",
        ended="2017-10-15",
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_EARLIER,
    ),
    dict(
        slug="minujusth",
        region="haiti",
        position=2,
        kind="un",
        name_en="United Nations Mission for Justice Support in Haiti",
        name_fr="Mission des Nations Unies pour l'appui à la justice en Haïti",
        acronym_en="MINUJUSTH",
        acronym_fr="MINUJUSTH",
        body_en=(
            "The United Nations Mission for Justice Support in Haiti (MINUJUSTH) started "
            "October 16, 2017.\n\n"
            "Police officers with MINUJUSTH:\n\n"
            "- Provide mentoring and strategic advice to senior and middle-level Haitian National "
            "Police (HNP) management on leadership, investigation skills, gender mainstreaming and "
            "Sexual Gender Based Violence (SGBV) services;\n"
            "- Mentor and assist the HNP to build capacities in police administration (e.g., "
            "reform and restructuring, planning, human resources, etc.)\n"
            "- Assist with the development and implementation of community-oriented policing "
            "strategies, in order to build more trust with local communities"
        ),
        body_fr=(
            "La Mission des Nations Unies pour l'appui à la justice en Haïti (MINUJUSTH) a "
            "commencé le 16 octobre 2017.\n\n"
            "Les policiers affectés à la MINUJUSTH :\n\n"
            "- offrent du mentorat et des conseils stratégiques aux cadres supérieurs et "
            "intermédiaires de la Police nationale d'Haïti (PNH) en matière de leadership, de "
            "techniques d'enquête, d'intégration de la dimension de genre et de services liés à la "
            "violence sexuelle et fondée sur le genre (VSFG) ;\n"
            "- encadrent la PNH et l'aident à renforcer ses capacités en matière d'administration "
            "policière (p. ex. réforme et restructuration, planification, ressources humaines, "
            "etc.)\n"
            "- contribuent à l'élaboration et à la mise en œuvre de stratégies de police "
            "communautaire, afin de renforcer la confiance des communautés locales"
        ),
        status="ended",
        started="2017-10-16",
        started_precision="day",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor="minustah",
        source=SOURCE_EARLIER,
    ),
    dict(
        slug="colombia-un-spm",
        region="colombia",
        position=1,
        kind="un",
        name_en="United Nations Special Political Mission in Colombia",
        name_fr="Mission politique spéciale des Nations Unies en Colombie",
        acronym_en="UN SPM",
        acronym_fr="MPS de l'ONU",
        body_en=(
            "In the mid-1960s, an armed conflict began between the Colombian government and "
            "paramilitary groups known as the Revolutionary Armed Forces of Colombia (FARC) and "
            "the National Liberation Army (ELN). These armed guerilla groups have claimed to fight "
            "for social justice through communism. This conflict has lasted for over 50 years, and "
            "there is now a chance for reconciliation through a peace accord between the Colombian "
            "Government and the FARC.\n\n"
            "In November 2016, a Final Agreement for Ending the Conflict and Building a Stable and "
            "Long-Lasting Peace was signed between the Colombian Government and the FARC. A "
            "referendum to ratify the deal in October 2016 was unsuccessful. A revised peace deal "
            "was reached in November 2016 and was ratified by the Colombian Congress. This "
            "formally ended the conflict. At the request of both the Colombian Government and the "
            "FARC, the United Nations Security Council approved a Special Political Mission (SPM) "
            "to monitor the ceasefire and the demobilization process. The UN SPM's mandate is to "
            "monitor & verify the laying down of arms by the FARC, and the ceasefire & cessation "
            "of hostilities with the Government of Colombia.\n\n"
            "In July 2016, the deployment of up to 10 Canadian police officers to Colombia was "
            "authorized, covering both the UN SPM and a separate bilateral mission."
        ),
        body_fr=(
            "Au milieu des années 1960, un conflit armé a éclaté entre le gouvernement colombien "
            "et des groupes paramilitaires, les Forces armées révolutionnaires de Colombie (FARC) "
            "et l'Armée de libération nationale (ELN). Ces groupes armés de guérilla affirmaient "
            "lutter pour la justice sociale au nom du communisme. Ce conflit a duré plus de 50 "
            "ans, et un accord de paix entre le gouvernement colombien et les FARC offre "
            "maintenant une chance de réconciliation.\n\n"
            "En novembre 2016, un Accord final pour la fin du conflit et la construction d'une "
            "paix stable et durable a été signé entre le gouvernement colombien et les FARC. Le "
            "référendum d'octobre 2016 visant à ratifier l'accord a échoué. Un accord de paix "
            "révisé a été conclu en novembre 2016, puis ratifié par le Congrès colombien, ce qui a "
            "officiellement mis fin au conflit. À la demande du gouvernement colombien et des "
            "FARC, le Conseil de sécurité des Nations Unies a approuvé une mission politique "
            "spéciale (MPS) chargée de surveiller le cessez-le-feu et le processus de "
            "démobilisation. La MPS de l'ONU a pour mandat de surveiller et de vérifier le dépôt "
            "des armes par les FARC, ainsi que le cessez-le-feu et la cessation des hostilités "
            "avec le gouvernement de la Colombie.\n\n"
            "En juillet 2016, le déploiement d'au plus 10 policiers canadiens en Colombie a été "
            "autorisé, tant pour la MPS de l'ONU que pour une mission bilatérale distincte."
        ),
        status="ended",
        started="2016-01-01",
        started_precision="year",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_EARLIER + ': "Participation since: 2016"',
    ),
    dict(
        slug="iraq-ministerial-liaison-team",
        region="iraq",
        position=1,
        kind="other",
        name_en="Ministerial Liaison Team and Iraqi police training",
        name_fr="Équipe de liaison ministérielle et formation de la police irakienne",
        acronym_en="MLT",
        acronym_fr="ELM",
        body_en=(
            "Based in Baghdad, the Ministerial Liaison Team (MLT) focuses on military, police and "
            "leadership in fighting terrorism and violent extremist. The purpose is to build "
            "capacity in support of current and future operations. Future deployments of Canadian "
            "police officers will involve the development of the capacities and training "
            "strategies for the Iraqi National Police.\n\n"
            "Canadian police officers are also deployed at the Iraqi National police training "
            "academy in the role of advanced police trainers under the command of the Italian "
            "Carabinieri Task Force. The roles are a combination of specialized training "
            "development, specialized training delivery, and planning. The thematic areas of focus "
            "for this mission are community policing, gender, human rights, or policing of "
            "vulnerable populations.\n\n"
            "Currently, two senior-level police officers work at United States Central Command "
            "Ministerial Liaison Initiative, while one senior non-commissioned officer is deployed "
            "to the training academy."
        ),
        body_fr=(
            "Basée à Bagdad, l'Équipe de liaison ministérielle (ELM) met l'accent sur les aspects "
            "militaires et policiers ainsi que sur le leadership dans la lutte contre le "
            "terrorisme et l'extrémisme violent. L'objectif est de renforcer les capacités à "
            "l'appui des opérations actuelles et futures. Les prochains déploiements de policiers "
            "canadiens porteront sur le développement des capacités et des stratégies de formation "
            "de la Police nationale irakienne.\n\n"
            "Des policiers canadiens sont également déployés à l'académie de formation de la "
            "Police nationale irakienne à titre de formateurs de niveau avancé, sous le "
            "commandement de la Force opérationnelle des carabiniers italiens. Leurs fonctions "
            "combinent l'élaboration et la prestation de formations spécialisées ainsi que la "
            "planification. Les thèmes privilégiés de cette mission sont la police communautaire, "
            "l'égalité des genres, les droits de la personne ou les services de police auprès des "
            "populations vulnérables.\n\n"
            "À l'heure actuelle, deux policiers de haut rang travaillent à l'Initiative de liaison "
            "ministérielle du Commandement central des États-Unis, tandis qu'un sous-officier "
            "supérieur est déployé à l'académie de formation."
        ),
        status="ended",
        started="2016-08-01",
        started_precision="month",
        ended=None,
        ended_precision="day",
        language="",
        armed=None,
        predecessor=None,
        source=SOURCE_EARLIER + ': "Participation since: August 2016"',
    ),
]
SNAPSHOTS = [
    dict(
        region="caribbean-region",
        mission=None,
        as_of=CURRENT_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=48,
        deployed=None,
        source=SOURCE_CURRENT + ': "Up to 48"',
    ),
    dict(
        region="ukraine",
        mission=None,
        as_of=CURRENT_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=45,
        deployed=None,
        source=SOURCE_CURRENT + ': "Up to 45"',
    ),
    dict(
        region="west-bank",
        mission=None,
        as_of=CURRENT_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=12,
        deployed=None,
        source=SOURCE_CURRENT + ': "Up to 12"',
    ),
    dict(
        region="democratic-republic-of-the-congo",
        mission=None,
        as_of=CURRENT_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=25,
        deployed=None,
        source=SOURCE_CURRENT + ': "Up to 25"',
    ),
    dict(
        region="haiti",
        mission="minujusth",
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=90,
        deployed=40,
        source=SOURCE_EARLIER + ': "Authorized deployments: 90", "Currently deployed: 40"',
    ),
    dict(
        region="ukraine",
        mission="ukraine-bilateral",
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=20,
        deployed=20,
        source=SOURCE_EARLIER + ': "Up to 20 total", "Currently deployed: 20"',
    ),
    dict(
        region="colombia",
        mission=None,
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=10,
        deployed=1,
        source=SOURCE_EARLIER
        + ': "up to 10" (UN SPM and a separate bilateral mission), "Currently deployed: 1"',
    ),
    dict(
        region="iraq",
        mission="iraq-ministerial-liaison-team",
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=20,
        deployed=3,
        source=SOURCE_EARLIER + ': "up to 20", "Currently deployed: 3"',
    ),
    dict(
        region="west-bank",
        mission=None,
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=5,
        deployed=None,
        source=SOURCE_EARLIER + ': "up to 5, in total in the West Bank"',
    ),
    dict(
        region="west-bank",
        mission="eupol-copps",
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=None,
        deployed=1,
        source=SOURCE_EARLIER + ': "Currently deployed: 1"',
    ),
    dict(
        region="west-bank",
        mission="operation-proteus",
        as_of=EARLIER_PAGE,
        as_of_precision=PAGE_DATE_PRECISION,
        authorized=None,
        deployed=3,
        source=SOURCE_EARLIER + ': "Currently deployed: 3"',
    ),
]
POSTINGS = [
    dict(
        slug="senior-police-advisor-new-york",
        kind="specialized",
        position=1,
        status="active",
        title_en=(
            "Canada's Permanent Mission to the United Nations in New York - Senior Police Advisor, "
            "United States of America"
        ),
        title_fr=(
            "Mission permanente du Canada auprès des Nations Unies à New York – Conseiller "
            "principal de police, États-Unis d'Amérique"
        ),
        organization_en="Canada's Permanent Mission to the United Nations",
        organization_fr="Mission permanente du Canada auprès des Nations Unies",
        city_en="New York",
        city_fr="New York",
        country_en="United States of America",
        country_fr="États-Unis d'Amérique",
        body_en=(
            "The senior police advisor to the Permanent Mission of Canada to the United Nations in "
            "New York acts as liaison and advisor on all matters related to Canada's police "
            "participation in United Nations peace operations. Deployed through Global Affairs "
            "Canada, the senior police advisor joins police advisors from around the world."
        ),
        body_fr=(
            "Le conseiller principal de police de la Mission permanente du Canada auprès des "
            "Nations Unies à New York agit à titre d'agent de liaison et de conseiller pour toutes "
            "les questions liées à la participation de la police canadienne aux opérations de paix "
            "des Nations Unies. Déployé par l'entremise d'Affaires mondiales Canada, le conseiller "
            "principal de police se joint à des conseillers de police du monde entier."
        ),
        since=None,
        since_precision="day",
    ),
    dict(
        slug="international-criminal-court",
        kind="specialized",
        position=2,
        status="active",
        title_en="International Criminal Court, Netherlands, The Hague",
        title_fr="Cour pénale internationale, Pays-Bas, La Haye",
        organization_en="International Criminal Court",
        organization_fr="Cour pénale internationale",
        city_en="The Hague",
        city_fr="La Haye",
        country_en="Netherlands",
        country_fr="Pays-Bas",
        body_en=(
            "Canadian personnel work with investigative teams to bring to trial the most "
            "responsible perpetrators of the crimes under the jurisdiction of the International "
            "Criminal Court.\n\n"
            "Deployed in The Hague, Netherlands, Canadian investigators are often required to "
            "travel abroad to conduct field interviews and other investigative functions."
        ),
        body_fr=(
            "Les membres du personnel canadien travaillent au sein d'équipes d'enquête afin de "
            "traduire en justice les principaux responsables des crimes qui relèvent de la "
            "compétence de la Cour pénale internationale.\n\n"
            "Affectés à La Haye, aux Pays-Bas, les enquêteurs canadiens doivent souvent se rendre "
            "à l'étranger pour mener des entrevues sur le terrain et exercer d'autres fonctions "
            "d'enquête."
        ),
        since=None,
        since_precision="day",
    ),
    dict(
        slug="unitar",
        kind="specialized",
        position=3,
        status="active",
        title_en="United Nations Institute for Training and Research, Geneva, Switzerland",
        title_fr="Institut des Nations Unies pour la formation et la recherche, Genève, Suisse",
        organization_en="United Nations Institute for Training and Research",
        organization_fr="Institut des Nations Unies pour la formation et la recherche",
        city_en="Geneva",
        city_fr="Genève",
        country_en="Switzerland",
        country_fr="Suisse",
        body_en=(
            "The United Nations Institute for Training and Research (UNITAR) develops and delivers "
            "training to address the capacity development needs of individuals, organizations and "
            "institutions. Based in Geneva, Canadian police officers are required to travel to "
            "other countries to deliver training."
        ),
        body_fr=(
            "L'Institut des Nations Unies pour la formation et la recherche (UNITAR) conçoit et "
            "offre des formations qui répondent aux besoins de renforcement des capacités des "
            "personnes, des organisations et des institutions. En poste à Genève, les policiers "
            "canadiens doivent se rendre dans d'autres pays pour y donner de la formation."
        ),
        since=None,
        since_precision="day",
    ),
    dict(
        slug="saat",
        kind="other",
        position=1,
        status="active",
        title_en="United Nations Pre-Selection Assistance and Assessment Team Project",
        title_fr=(
            "Projet de l'Équipe d'assistance et d'évaluation avant la sélection des Nations Unies"
        ),
        organization_en="United Nations",
        organization_fr="Nations Unies",
        city_en="",
        city_fr="",
        country_en="",
        country_fr="",
        body_en=(
            "Since September 2014, Canadian police have participated as instructors in the United "
            "Nations' Pre-Selection Assistance and Assessment Team training project.\n\n"
            "The project provides police officers interested in serving on a United Nations "
            "mission with two weeks of training. They will:\n\n"
            "- improve their language (English or French)\n"
            "- enhance their shooting and driving skills\n"
            "- learn about the United Nations context\n"
            "- learn about passing a job interview"
        ),
        body_fr=(
            "Depuis septembre 2014, des policiers canadiens participent à titre d'instructeurs au "
            "projet de formation de l'Équipe d'assistance et d'évaluation avant la sélection "
            "(SAAT) des Nations Unies.\n\n"
            "Le projet offre deux semaines de formation aux policiers qui souhaitent servir au "
            "sein d'une mission des Nations Unies. Ils pourront :\n\n"
            "- améliorer leurs compétences linguistiques (en anglais ou en français)\n"
            "- perfectionner leurs compétences en tir et en conduite\n"
            "- se familiariser avec le contexte des Nations Unies\n"
            "- apprendre à réussir une entrevue d'emploi"
        ),
        since="2014-09-01",
        since_precision="month",
    ),
    dict(
        slug="iaccc",
        kind="other",
        position=2,
        status="active",
        title_en="International Anti-Corruption Coordination Center, London, United Kingdom",
        title_fr=(
            "Centre international de coordination de la lutte contre la corruption, Londres, "
            "Royaume-Uni"
        ),
        organization_en="International Anti-Corruption Coordination Center",
        organization_fr="Centre international de coordination de la lutte contre la corruption",
        city_en="London",
        city_fr="Londres",
        country_en="United Kingdom",
        country_fr="Royaume-Uni",
        body_en=(
            "The International Anti-Corruption Coordination Center works to advance transitional "
            "justice and the rule of law in countries eligible for Official Development "
            "Assistance, a number of which are fragile and conflict-affected states. The "
            "International Anti-Corruption Coordination Center receives case referrals from:\n\n"
            "- law enforcement agencies investigating allegations of grand corruption\n"
            "- new governments elected on anti-corruption platforms\n"
            "- anti-corruption non-governmental organizations (for example, Transparency "
            "International).\n\n"
            "Capacity building is an important part of the International Anti-Corruption "
            "Coordination Center's mission. It is regularly involved in delivering training "
            "workshops and providing other assistance to authorities in countries affected by "
            "grand corruption, primarily in Sub-Saharan Africa and Southeast Asia. This "
            "includes:\n\n"
            "- training and mentoring in navigating the Mutual Legal Assistance process\n"
            "- bribery and corruption awareness training\n"
            "- conducting financial crime investigations\n"
            "- interviewing techniques\n"
            "- direct assistance to investigations such as the provision of, and training in, "
            "digital forensics kits, and mentorship of anti-corruption investigators"
        ),
        body_fr=(
            "Le Centre international de coordination de la lutte contre la corruption s'emploie à "
            "faire progresser la justice transitionnelle et la primauté du droit dans les pays "
            "admissibles à l'aide publique au développement, dont plusieurs sont des États "
            "fragiles et touchés par des conflits. Le Centre international de coordination de la "
            "lutte contre la corruption reçoit des dossiers qui lui sont soumis par :\n\n"
            "- des organismes d'application de la loi qui enquêtent sur des allégations de grande "
            "corruption\n"
            "- de nouveaux gouvernements élus sur la base d'un programme de lutte contre la "
            "corruption\n"
            "- des organisations non gouvernementales de lutte contre la corruption (par exemple, "
            "Transparency International).\n\n"
            "Le renforcement des capacités occupe une place importante dans la mission du Centre "
            "international de coordination de la lutte contre la corruption. Le Centre offre "
            "régulièrement des ateliers de formation et fournit d'autres formes d'aide aux "
            "autorités des pays touchés par la grande corruption, principalement en Afrique "
            "subsaharienne et en Asie du Sud-Est. Cette aide comprend :\n\n"
            "- la formation et le mentorat sur le processus d'entraide juridique\n"
            "- la formation de sensibilisation à la corruption et aux pots-de-vin\n"
            "- la conduite d'enquêtes sur les crimes financiers\n"
            "- les techniques d'entrevue\n"
            "- l'aide directe aux enquêtes, par exemple la fourniture de trousses de "
            "criminalistique numérique et la formation à leur utilisation, ainsi que le mentorat "
            "d'enquêteurs spécialisés dans la lutte contre la corruption"
        ),
        since=None,
        since_precision="day",
    ),
    dict(
        slug="justice-rapid-response",
        kind="other",
        position=3,
        status="ended",
        title_en="Justice Rapid Response Training",
        title_fr="Formation de Justice Rapid Response",
        organization_en="Justice Rapid Response",
        organization_fr="Justice Rapid Response",
        city_en="",
        city_fr="",
        country_en="Switzerland",
        country_fr="Suisse",
        body_en=(
            "Based in Switzerland, the Justice Rapid Response (JRR) manages the rapid deployment "
            "of criminal justice professionals from a stand-by roster. Experts from every region "
            "of the world are trained in the investigation of genocide, war crimes, crimes against "
            "humanity and serious human rights violations, including sexual and gender-based "
            "violence.\n\n"
            "Since 2012, JRR has invited Canada to nominate candidates to be certified for the "
            "roster. These candidates train at various locations around the world. The goal of "
            "this training is to increase the pool of certified experts available to JRR. Canada "
            "is a long-time supporter of JRR and member of the JRR Executive Board."
        ),
        body_fr=(
            "Établie en Suisse, Justice Rapid Response (JRR) gère le déploiement rapide de "
            "professionnels de la justice pénale inscrits sur une liste de réserve. Des experts de "
            "toutes les régions du monde sont formés aux enquêtes sur le génocide, les crimes de "
            "guerre, les crimes contre l'humanité et les violations graves des droits de la "
            "personne, y compris la violence sexuelle et fondée sur le genre.\n\n"
            "Depuis 2012, JRR invite le Canada à proposer des candidats en vue de leur "
            "certification et de leur inscription sur la liste. Ces candidats suivent leur "
            "formation à divers endroits dans le monde. Cette formation vise à accroître le bassin "
            "d'experts certifiés à la disposition de JRR. Le Canada appuie JRR de longue date et "
            "siège à son conseil exécutif."
        ),
        since="2012-01-01",
        since_precision="year",
    ),
]
