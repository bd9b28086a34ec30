"""Load the career and competency frameworks parsed from seeds 001 and 004.

Frozen: the texts as they were when this migration was written (``fixtures/framework.json``
then), and no import of today's code, so a fresh ``migrate`` works whatever the models become.
"""

from django.db import migrations

DATA = {'source': {'career': '001_ab926d54333e6e47.txt', 'competency': '004_ce2bbab2d014f478.txt'},
 'quota_bands': [{'score': 1, 'label': 'Distinguished Performance', 'quota_text': '130%+'},
                 {'score': 2, 'label': 'Superior Performance', 'quota_text': '111-129%'},
                 {'score': 3, 'label': 'Meeting High Bar', 'quota_text': '80-110%'},
                 {'score': 4, 'label': 'Partial Successful Performance', 'quota_text': '<80%'},
                 {'score': 5, 'label': 'Unsuccessful Performance', 'quota_text': '<40%'}],
 'expectations': [{'level': 'L1',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Demonstrates a basic understanding of '
                              "Sourcegraph's products and sales processes, efficiently completes "
                              'routine tasks with close guidance from leadership. Independence: '
                              'Begins to participate in managing account teams but heavily relies '
                              'on leadership for direction and decision-making. Executes very '
                              'low-complexity deals effectively, primarily focusing on volume and '
                              'frequently seeking assistance.',
                   'exceeding': 'Key Competencies: Proactively seeks to expand product knowledge, '
                                'demonstrates initiative in learning more complex aspects, and '
                                'applies feedback effectively. Independence: Shows growing '
                                'confidence in managing account-related tasks with less frequent '
                                'need for close supervision. Handles low-complexity deals more '
                                'independently, starting to balance volume with an eye toward '
                                'improving quality.'},
                  {'level': 'L2',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Understands basic competencies, efficiently '
                              'completes routine tasks, and demonstrates steady progress in '
                              'learning more complex aspects. Independence: Executes '
                              'low-complexity deals effectively, maintaining high deal volume, and '
                              'regularly seeks assistance from leadership.',
                   'exceeding': 'Key Competencies: Proactively expands product knowledge, handles '
                                'more complex queries independently, and suggests process '
                                'improvements. Independence: Successfully manages moderately '
                                'complex deals with minimal guidance, balancing high volume and '
                                'improving deal quality.'},
                  {'level': 'L3',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Solid knowledge of advanced selling techniques, '
                              'self-aligns team around commercial-level to mid-enterprise deals, '
                              'and frequently seeks assistance from leadership. Independence: '
                              'Manages medium-complexity deals effectively with frequent '
                              'leadership support, maintaining high deal volume.',
                   'exceeding': 'Key Competencies: Competencies: Demonstrates advanced selling '
                                'techniques with confidence, independently manages account '
                                'strategies, and seeks to optimize team performance. Independence: '
                                'Handles medium-complexity deals with minimal guidance, focusing '
                                'on both volume and quality improvement.'},
                  {'level': 'L4',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Executes mid-enterprise ot enterprise deals with '
                              'leadership assistance, demonstrates some advanced selling '
                              'techniques, and maintains a blend of medium and high complexity in '
                              'deals. Independence: Shows competence in managing account teams and '
                              'driving deals, with increasing confidence in strategic '
                              'decision-making.',
                   'exceeding': 'Key Competencies: Regularly uses advanced selling techniques, '
                                'independently drives deal execution, and consistently handles '
                                'higher complexity deals. Independence: Demonstrates leadership in '
                                'account management, requiring less frequent guidance from '
                                'leadership.'},
                  {'level': 'L5',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Manages enterprise deals with occasional '
                              'leadership assistance, masters several advanced selling techniques, '
                              'and prioritizes large account expansion. Independence: Shows strong '
                              'capability in orchestrating multi-functional account teams and '
                              'handling high-complexity deals.',
                   'exceeding': 'Key Competencies: Demonstrates expertise across most '
                                'competencies, with minimal need for leadership guidance. '
                                'Independence: Independently manages complex deals, consistently '
                                'achieving high performance and driving significant business '
                                'growth.'},
                  {'level': 'L6',
                   'dimension': 'role_scope',
                   'meeting': 'Key Competencies: Manages highly strategic deals with minimal '
                              'leadership assistance, masters advanced selling techniques, and '
                              'prioritizes large account expansion. Independence: Demonstrates '
                              'expertise across the majority of competencies, requiring minimal '
                              'guidance**.',
                   'exceeding': 'Key Competencies:** Exhibits mastery across all competencies, '
                                'consistently delivering outstanding performance. Independence: '
                                'Independently drives highly complex and strategic deals, setting '
                                'new standards for performance and innovation.'},
                  {'level': 'L1',
                   'dimension': 'team_impact',
                   'meeting': 'Establish relationships with more tenured teammates, learning and '
                              'incorporating their best practices.- Begins to build rapport with '
                              'sales and technical success counterparts, contributing to '
                              'successful customer interactions.- Shares basic customer feedback '
                              'with product and engineering teams.',
                   'exceeding': 'Proactively seeks mentorship opportunities to learn from more '
                                'experienced colleagues and starts sharing learnings with peers.- '
                                'Shows initiative in small cross-functional projects, '
                                'demonstrating a collaborative spirit and contributing to team '
                                'goals.'},
                  {'level': 'L2',
                   'dimension': 'team_impact',
                   'meeting': 'Establishes mentee relationships with tenured teammates and '
                              'incorporates their best practices.- Builds rapport with sales and '
                              'technical success counterparts for successful customer '
                              'interactions.- Shares customer feedback with product and '
                              'engineering teams to improve offerings.',
                   'exceeding': 'Mentors SDRs/L1 transitioning into closing roles, providing '
                                'guidance and sharing best practices.- Actively participates in '
                                'cross-functional projects, enhancing collaboration and driving '
                                'better customer outcomes.'},
                  {'level': 'L3',
                   'dimension': 'team_impact',
                   'meeting': 'Actively seeks feedback from cross-functional teams/peers and '
                              'shares learnings within the sales team. - Leverages relationships '
                              'with Technical Success to iterate approaches and improve outcomes.',
                   'exceeding': 'Leads initiatives to improve sales processes and team '
                                'collaboration.- Mentors L1-L2, supporting their development and '
                                'integration into the team.- Collaborates with engineering and '
                                'product teams, informing product decisions based on experience.'},
                  {'level': 'L4',
                   'dimension': 'team_impact',
                   'meeting': 'Moves cross-functional teams/groups to consensus.- Troubleshoots '
                              'issues independently, leveraging team skill sets effectively.- '
                              'Actively collaborates with engineering and product teams, leading '
                              'to positive customer outcomes.',
                   'exceeding': 'Takes on more significant roles within cross-functional teams, '
                                'driving innovation and improving team effectiveness.- Mentors and '
                                'trains junior teammates (L1-L3), aiding their development and '
                                'sharing new ideas and approaches with the enterprise team.- '
                                'Actively shares learnings within the sales team and with '
                                'Technical Success counterparts; driving significant improvements '
                                'in performance and outcomes'},
                  {'level': 'L5',
                   'dimension': 'team_impact',
                   'meeting': 'Troubleshoot issues independently, leveraging team skill sets '
                              'effectively.- Collaborates with engineering and product teams on '
                              'customer needs, leading to positive outcomes. - Actively '
                              'collaborates with Technical Success on process improvements and '
                              'partnership development opportunities.',
                   'exceeding': 'Leads strategic projects with cross-functional teams, creating '
                                'new processes and driving significant improvements.- Leads '
                                'internal initiatives, anticipating needs and proposing solutions '
                                'with positive outcomes.- Mentors AE3-4, sharing new ideas and '
                                'approaches with the enterprise team.'},
                  {'level': 'L6',
                   'dimension': 'team_impact',
                   'meeting': 'Acts as a role model for junior team members (L1-L5), setting a '
                              'high standard in complex and high-stakes situations.- Influences '
                              'process improvements and iterates on existing deliverables.- '
                              'Actively contributes to product roadmap discussions and represents '
                              'Sourcegraph as a subject matter expert.',
                   'exceeding': 'Drives future best practices for the team and company, creating '
                                'new processes for large customer engagements.- Impacts beyond '
                                'immediate peers, shaping the strategic direction and sales motion '
                                'of the organization.- Champions change and leads team enablement, '
                                'contributing to positive outcomes.- Mentors junior teammates '
                                '(L1-L5) and/or cross-functional teammates in Technical '
                                'Success/other teams; sharing new ideas and approaches with the '
                                'enterprise team.'}],
 'competency_categories': [{'name': 'Sales Foundations',
                            'note': '(Core assessment criteria for success)',
                            'competencies': [{'name': 'Value Selling',
                                              'behaviours': ["Aligns customer's desired outcomes "
                                                             'and after scenario with '
                                                             "Sourcegraph's capabilities",
                                                             'Identifies and delivers proof points '
                                                             'to demonstrate value based on the '
                                                             "prospect's after scenario and "
                                                             'required capabilities',
                                                             'Delivers Business Value Assessments '
                                                             'for customers to quantify the value '
                                                             'of Sourcegraph',
                                                             'Nurtures Champion relationships; '
                                                             'identifies and plans for future land '
                                                             'and/or expands opportunities by '
                                                             'demonstrating the positive business '
                                                             'outcomes achieved']},
                                             {'name': 'Domain Knowledge',
                                              'behaviours': ["Deeply understands Sourcegraph's "
                                                             'products, competitors, and target '
                                                             'personas',
                                                             'Viewed as a trusted partner; earns '
                                                             'trust from prospects and customers '
                                                             'with domain knowledge; knows when '
                                                             'and how to handoff conversations to '
                                                             'other partners (i.e. CEs)',
                                                             'Continually expanding knowledge of '
                                                             "Sourcegraph's products and "
                                                             'competitors; understands the core '
                                                             'markets/verticals in which we '
                                                             'operate',
                                                             'Ability to provide tailored advice '
                                                             'and solutions to each prospect or '
                                                             'customer; rapidly builds credibility '
                                                             'with target personas - at all '
                                                             'levels']},
                                             {'name': 'Preparation',
                                              'behaviours': ['Maintains Salesforce cleanliness in '
                                                             'opportunity documentation; organizes '
                                                             'all other key data points in a '
                                                             'coherent, easily understandable '
                                                             'manner',
                                                             'Accurately forecasts key milestones '
                                                             'and revenue; Clari forecast reflects '
                                                             'information in Salesforce',
                                                             'Tracks, assesses and updates '
                                                             'opportunity and potential deal size '
                                                             'weekly',
                                                             'Meticulously prepares for all steps '
                                                             'of the closing process, adapting to '
                                                             'all feedback and recommendations '
                                                             'throughout',
                                                             'Meticulously prepares for external '
                                                             'and internal meetings; respectfully '
                                                             'holds others accountable (e.g. '
                                                             'CE/SDR/Internal Teammates) for their '
                                                             'contributions, based on predefined '
                                                             'outcomes',
                                                             'Uses available customer data to '
                                                             'understand prospect/customer '
                                                             'utilization, including Looker '
                                                             'dashboards, survey data, and '
                                                             'analytics']},
                                             {'name': 'Meeting Excellence',
                                              'behaviours': ["'Owns the room', with the ability to "
                                                             'manage key stakeholders; understands '
                                                             'when and how to involve them',
                                                             'Takes pride in their delivery of '
                                                             'meetings; knows how to '
                                                             'course-correct when necessary; '
                                                             'preempts potential roadblocks; time '
                                                             'management',
                                                             'Identifies the most pertinent data '
                                                             'points from each meeting; '
                                                             'understands how to achieve the '
                                                             'maximum value from these; '
                                                             'relentlessly probes to uncover '
                                                             'anything missing',
                                                             'Defines key action points and drives '
                                                             'effective recaps and follow-up with '
                                                             'meeting participants',
                                                             'Speaks with passion and conviction, '
                                                             'instilling confidence and trust from '
                                                             'others']}]},
                           {'name': 'Sales Process',
                            'note': '(Core assessment criteria at key stages in the sales process)',
                            'competencies': [{'name': 'Territory & Account Planning',
                                              'behaviours': ['Builds their territory as if it were '
                                                             'their own business; celebrates '
                                                             'successes, reflects on failures and '
                                                             'proactively implements changes to '
                                                             'prevent future occurrences',
                                                             'Meticulously analyzes assigned '
                                                             'territory for opportunities; '
                                                             'creating strategic plans for each, '
                                                             'which are then executed using '
                                                             'available tools',
                                                             'Understands how, when and why to '
                                                             'leverage internal partners; does so '
                                                             'collaboratively, successfully '
                                                             'navigating potential roadblocks and '
                                                             'disagreements; secures the '
                                                             'commitment of others',
                                                             'Undertakes in-depth research on '
                                                             'accounts and associated verticals, '
                                                             'using available external and '
                                                             'internal Sales Tools']},
                                             {'name': 'Pipeline Generation',
                                              'behaviours': ['Develops of a strong pipeline '
                                                             'through active outreach and '
                                                             'engagement, and effective planning '
                                                             'with SDRs',
                                                             'Knows when to double down on '
                                                             'pipeline generation, proactively '
                                                             'supporting SDRs as needed; does not '
                                                             'deflect responsibility to others or '
                                                             'require prompting',
                                                             'Tailors messaging to prospects and '
                                                             'customers; tries and tests different '
                                                             'approaches; proactively shares any '
                                                             'learnings with the wider Sales '
                                                             'organization',
                                                             'Creates a vision for assigned '
                                                             'territory and brings this to life '
                                                             'for external and internal partners '
                                                             'to generate new pipeline',
                                                             'Creates pipeline that has potential '
                                                             'to fill SAO requirements: at least '
                                                             'one application of a use case',
                                                             'Holds self accountable to 3x as a '
                                                             'minimum',
                                                             'Leverages channels and partnerships '
                                                             'to expand reach and impact of PG '
                                                             'efforts']},
                                             {'name': 'Effective Qualification',
                                              'behaviours': ['Confirms prospect or customer '
                                                             'timelines and budget with accuracy',
                                                             'Continuously identify, tests and '
                                                             'builds Champions',
                                                             'Qualifies new opportunities by using '
                                                             'the SAO requirements',
                                                             'Can pivot from one opportunity to '
                                                             'another with ease; understands when '
                                                             'to deprioritize opportunities; makes '
                                                             'up for any shortfall in revenue by '
                                                             'developing others',
                                                             'Command of Message: Understands how '
                                                             "to uncover the '3 Whys', current and "
                                                             'future pains, negative consequences '
                                                             'of inaction, required capabilities '
                                                             'and the ideal Sourcegraph '
                                                             'solution(s) to drive business '
                                                             'outcomes; adapts questioning '
                                                             'accordingly']},
                                             {'name': 'Technical Validation',
                                              'behaviours': ['Leads and assists to execute '
                                                             'successful POCs, partnering closely '
                                                             'with CE',
                                                             'Implements Mutual Action Plans to '
                                                             'drive toward deal execution with the '
                                                             'Champion',
                                                             'Co-create (with CE) a Mutual '
                                                             'Engagement Plan to execute a POC',
                                                             'Engages with Champion to validate '
                                                             'Mutual Engagement Plan and bring in '
                                                             'relevant stakeholders',
                                                             'Discovers technical and business '
                                                             'requirements for a successful POC '
                                                             'with CE']},
                                             {'name': 'Deal Execution',
                                              'behaviours': ['Prioritizes high-impact activity in '
                                                             'the sales cycle, utilizing external '
                                                             'and internal tools at the '
                                                             'appropriate time',
                                                             'Continuously evaluates progress '
                                                             'toward committed forecasts; '
                                                             'embracing creative solutions in '
                                                             'order to overcome obstacles',
                                                             'Is politically savvy; adapts to the '
                                                             'culture of each organization',
                                                             'Successfully validates and develops '
                                                             'Champions within opportunities; '
                                                             'establishes self as a strategic '
                                                             'partner to such individuals',
                                                             'Identifies and engages with Decision '
                                                             'Makers and Economic Buyers to '
                                                             'execute the Legal/Procurement '
                                                             'process',
                                                             'Executes multi-threaded stakeholder '
                                                             'engagement, managing multiple '
                                                             'channels of communications and '
                                                             'client chain of command']},
                                             {'name': 'Closing the Sale',
                                              'behaviours': ['Proactively identifies potential '
                                                             'roadblocks, preparing alternative '
                                                             'closing strategies in order to '
                                                             'minimize risk and exposure',
                                                             'Communicates clearly and '
                                                             'purposefully with all stakeholders, '
                                                             'ensuring such individuals are '
                                                             'aligned on, and remain committed to, '
                                                             'the predefined timeline',
                                                             'Effectively handles objections and '
                                                             'can do so across numerous '
                                                             'opportunities simultaneously',
                                                             'Anticipates and skillfully navigates '
                                                             'objections',
                                                             'Focuses on securing a premium for '
                                                             "Sourcegraph's products and "
                                                             'services']},
                                             {'name': 'Manage & Grow',
                                              'behaviours': ['Effective Renewal Management, '
                                                             'inclusive of partnership with '
                                                             'relevant internal teams, ensuring '
                                                             'customer success (SLA management)',
                                                             'Leads QBRs; communicates product '
                                                             'roadmap, and usage, reiterates value',
                                                             'Maintains and expands customer '
                                                             'relationships after initial sales '
                                                             'have been completed; continuously '
                                                             'acts as an extension of their '
                                                             'business',
                                                             'Secures participation in Marketing '
                                                             'events and content',
                                                             'Delivers Executive Business Reviews '
                                                             'in partnership with core account '
                                                             'team and Executive Sponsors',
                                                             'Continues to build and grow Champion '
                                                             'while identifying new Champions']}]},
                           {'name': 'Will - Values Alignment',
                            'note': '(Critical traits for success)',
                            'competencies': [{'name': 'Customer First',
                                              'behaviours': ['Views account management as a '
                                                             'customer-first exercise',
                                                             "Communicates in the 'voice of the "
                                                             "customer'",
                                                             'Drives conversations that address '
                                                             'customer needs and proposes '
                                                             'solutions that demonstrate clear ROI',
                                                             'Builds trust externally and '
                                                             'internally',
                                                             'Acts as a thought partner and leader '
                                                             'to such groups',
                                                             'Is relentless in the pursuit of '
                                                             'excellence']},
                                             {'name': 'Work as a Team',
                                              'behaviours': ['Effectively manages interpersonal '
                                                             'relationships and communication with '
                                                             'cross-functional teammates',
                                                             'Removes roadblocks for others',
                                                             'Challenges with empathy and tact',
                                                             'Is seen as a critical, inspirational '
                                                             'leader within account teams',
                                                             'Is grounded by humility',
                                                             'Influences, does not mandate',
                                                             'Takes pride in developing others',
                                                             'Operates both independently and with '
                                                             'specialist teams to ensure such '
                                                             'messaging is embedded in accounts; '
                                                             'aligns on key messages with all '
                                                             'relevant stakeholders in advance']},
                                             {'name': 'High Agency',
                                              'behaviours': ["Understands that 'the buck stops' "
                                                             'with them; adopts an '
                                                             'entrepreneurial, innovative and '
                                                             'collaborative approach to both land '
                                                             'and expand opportunities',
                                                             'Rolls up their sleeves; can pivot '
                                                             'from one area of focus to another '
                                                             'with ease; no job is ever too small '
                                                             'or beneath them',
                                                             'Self-starter; exhibits ownership, '
                                                             'resilience, and enthusiasm',
                                                             'Is hungry for success, and propels '
                                                             'self to meet ambitious targets',
                                                             'Adapts to changing circumstances; '
                                                             'proposes alternatives to ensure '
                                                             'pre-defined outcomes are met; '
                                                             'instills a sense of urgency within '
                                                             'account teams, when required',
                                                             'Leads with passion and conviction, '
                                                             'striving to overturn even the '
                                                             'fiercest of detractors']},
                                             {'name': 'High Quality through Iteration',
                                              'behaviours': ['Is relentless in their pursuit of '
                                                             'success - iteration is at the heart '
                                                             'of their account plans',
                                                             'Quickly assimilates new information; '
                                                             'is able to determine the best course '
                                                             'of action when the unexpected comes '
                                                             'up',
                                                             'Perseveres, in the face of adversity',
                                                             'Approaches problem solving with '
                                                             'creativity',
                                                             'Proposes enhancements to existing '
                                                             'processes; always looking to improve '
                                                             'the collective success of the Sales '
                                                             'organization']},
                                             {'name': 'Be Welcoming and Inclusive',
                                              'behaviours': ['Listens to, reflects on and '
                                                             'encourages diverse perspectives',
                                                             'Treats all stakeholders with '
                                                             'respect; fosters a culture of '
                                                             'openness, transparency and '
                                                             'innovation',
                                                             'Adapts to their audience; '
                                                             'continually challenges self to be a '
                                                             'better partner to others',
                                                             'Calls out unacceptable behavior when '
                                                             'they see it']},
                                             {'name': 'Open and Transparent',
                                              'behaviours': ['Maintains transparent communication '
                                                             'and provides continuous updates',
                                                             'Is unphased when they do not have '
                                                             'all of the answers; recognizes that '
                                                             'they are part of a wider ecosystem '
                                                             'and can leverage support whenever '
                                                             'required',
                                                             'Suggests improvements to improve '
                                                             'internal ways of working; is clear, '
                                                             'direct, and respectful whenever '
                                                             'discussing such improvements with '
                                                             'others',
                                                             'Shares, rather than protects, best '
                                                             'practices with the team to help '
                                                             'uplevel the organization']},
                                             {'name': 'Continuously Grow',
                                              'behaviours': ['Acts on feedback; adopts new and '
                                                             'established best practices in order '
                                                             'to continuously improve',
                                                             'Embraces ambiguity as part of the '
                                                             'every day',
                                                             'May act as a mentor, when requested',
                                                             'Accepts the mistakes that they make, '
                                                             'learns from them and recognizes that '
                                                             'success is a collective outcome, not '
                                                             'an individual one',
                                                             "Is never 'above' any task or project",
                                                             'Reflects on losses and humbly '
                                                             'accepts feedback from others; views '
                                                             'obstacles as learning opportunities; '
                                                             'embraces a continuous improvement '
                                                             'mindset as standard']}]}]}


def load(apps, schema_editor):
    data = DATA
    quota_band = apps.get_model("framework", "QuotaBand")
    level_expectation = apps.get_model("framework", "LevelExpectation")
    category_model = apps.get_model("framework", "CompetencyCategory")
    competency_model = apps.get_model("framework", "Competency")
    behaviour_model = apps.get_model("framework", "Behaviour")
    for band in data["quota_bands"]:
        quota_band.objects.update_or_create(
            score=band["score"], defaults={"label": band["label"], "quota_text": band["quota_text"]}
        )
    for row in data["expectations"]:
        level_expectation.objects.update_or_create(
            level=row["level"],
            dimension=row["dimension"],
            defaults={"meeting": row["meeting"], "exceeding": row["exceeding"]},
        )
    position = 0
    for category_position, entry in enumerate(data["competency_categories"], start=1):
        category, _ = category_model.objects.update_or_create(
            name=entry["name"], defaults={"note": entry["note"], "position": category_position}
        )
        for competency_entry in entry["competencies"]:
            position += 1
            competency, _ = competency_model.objects.update_or_create(
                name=competency_entry["name"],
                defaults={"category": category, "position": position},
            )
            behaviour_model.objects.filter(competency=competency).delete()
            behaviour_model.objects.bulk_create(
                behaviour_model(competency=competency, text=text, position=index)
                for index, text in enumerate(competency_entry["behaviours"], start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
