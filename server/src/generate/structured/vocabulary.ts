/**
 * Word lists for plausible values. Kept as separated strings so the file stays short and formatter-stable;
 * every entry is plain ASCII so values survive any length or pattern arithmetic unchanged.
 */

const words = (text: string): readonly string[] => Object.freeze(text.split(' '));
const phrases = (text: string): readonly string[] => Object.freeze(text.split('|'));

export const FIRST_NAMES = words(
  'Alice Bob Carol David Emma Farid Grace Hiro Isabel James Keiko Liam Maria Noah Olivia Pedro Quinn Rosa Samir Tara Umar Vera William Xin Yara Zoe Amara Lucas Mei Daniel',
);

export const LAST_NAMES = words(
  'Johnson Smith Garcia Chen Okafor Muller Rossi Tanaka Novak Silva Kim Patel Dubois Larsen Kowalski Haddad Nguyen Fischer Brown Moreau Sato Lopez Walker Ivanova Ahmed',
);

export const CITIES = phrases(
  'Paris|London|Tokyo|New York|San Francisco|Seattle|Berlin|Madrid|Lisbon|Toronto|Sydney|Singapore|Amsterdam|Dublin|Chicago|Boston|Austin|Oslo|Vienna|Prague|Seoul|Mumbai|Nairobi|Cape Town|Buenos Aires|Mexico City|Montreal|Zurich|Stockholm|Copenhagen',
);

export const COUNTRIES = phrases(
  'France|United Kingdom|Japan|United States|Germany|Spain|Portugal|Canada|Australia|Singapore|Netherlands|Ireland|Norway|Austria|Czech Republic|South Korea|India|Kenya|South Africa|Argentina|Mexico|Switzerland|Sweden|Denmark|Brazil',
);

export const COUNTRY_CODES = words('FR GB JP US DE ES PT CA AU SG NL IE NO AT CZ KR IN KE ZA AR MX CH SE DK BR');

export const STREETS = phrases(
  'Main Street|Oak Avenue|Maple Drive|Park Lane|Cedar Road|Elm Street|Market Street|Harbor View|Hillside Road|Station Road|River Walk|King Street',
);

export const COMPANIES = phrases(
  'Contoso|Fabrikam|Northwind Traders|Adventure Works|Tailspin Toys|Wide World Importers|Litware|Proseware|Woodgrove Bank|Alpine Ski House|Coho Winery|Lamna Healthcare',
);

export const NOUNS = words(
  'report meeting project budget plan review schedule team customer order invoice feature release design update proposal summary request ticket account payment document task event workshop dashboard forecast survey campaign contract milestone',
);

export const ADJECTIVES = words(
  'quarterly annual weekly new final updated shared internal public detailed initial monthly urgent short clear simple main next current draft open',
);

export const TITLE_NOUNS = words(
  'Launch Review Summit Workshop Planning Sync Retrospective Kickoff Fair Showcase Forum Update Briefing Roadmap Overview Report Festival Conference',
);

export const TITLE_ADJECTIVES = words(
  'Annual Quarterly Spring Summer Autumn Winter Product Science Design Team Customer Engineering Community Global',
);

export const SENTENCES = phrases(
  [
    'The team reviewed the quarterly results and agreed on next steps.',
    'This update summarizes the main changes since the last release.',
    'The customer asked for a clearer overview of the current plan.',
    'All open tasks are tracked on the shared project board.',
    'The proposal covers scope, timeline and expected costs.',
    'We start with a short review and then move to the open questions.',
    'The report highlights three risks and how to address them.',
    'Each step builds on the result of the previous one.',
    'The schedule leaves enough time for testing before the launch.',
    'Feedback from the workshop was positive and specific.',
    'The new design simplifies the most common workflow.',
    'Payments are processed within two business days.',
    'The meeting notes are attached for reference.',
    'This section explains the assumptions behind the forecast.',
    'The request was approved and will be handled this week.',
  ].join('|'),
);

export const STATUSES = words('active pending completed in_progress open closed approved scheduled');

export const CATEGORIES = words('general billing technical sales support marketing operations research travel education');

export const COLORS = words('red blue green orange purple teal yellow black white gray');

export const LANGUAGES = words('English French Spanish German Japanese Portuguese Italian Dutch Korean Hindi');

export const CURRENCIES = words('USD EUR GBP JPY CAD AUD CHF SEK');

export const TIMEZONES = words('Europe/Paris Europe/London America/New_York America/Los_Angeles Asia/Tokyo Australia/Sydney UTC');

export const JOB_TITLES = phrases(
  'Software Engineer|Product Manager|Data Analyst|Designer|Account Manager|Project Coordinator|Marketing Lead|Support Specialist|Research Scientist|Operations Manager',
);

export const DEPARTMENTS = words('Engineering Marketing Sales Finance Operations Research Support Legal Design');

export const FILE_EXTENSIONS = words('pdf docx csv txt png json xlsx');

export const QUESTIONS = phrases(
  'What is the status of the project?|How do I reset my password?|When is the next team meeting?|Which plan fits a small team?|Where can I find the latest report?',
);

export const UNITS = words('celsius kg km minutes items percent');
