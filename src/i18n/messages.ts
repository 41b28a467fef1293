/**
 * Every visible string of the viewer, French first. `en` must have exactly the keys of `fr`
 * (the type says so, and i18n.test.ts checks it at run time too).
 *
 * French typography: « guillemets » with no-break spaces inside, a no-break space before « : »
 * and « ; », and the typographic apostrophe ’.
 */
import type {
  CatalogIssue,
  CatalogProblem,
  ExpectedType,
  LayerKind,
  ReceivedValue,
} from '../../format/catalog';
import type { FetchProblem } from '../config/fetch-problem';
import { BUILDINGS_MESSAGES } from './buildings-messages';
import { CONSOLE_MESSAGES } from './console-messages';
import { REVIEW_MESSAGES } from './review-messages';
import { SERIES_MESSAGES } from './series-messages';

/** No-break space, for French typography. */
const NBSP = '\u00a0';

/** French quotation: « text ». */
const qFr = (s: string) => `«${NBSP}${s}${NBSP}»`;
/** English quotation: “text”. */
const qEn = (s: string) => `“${s}”`;

const expectedFr: Record<ExpectedType, string> = {
  string: 'un texte',
  number: 'un nombre',
  integer: 'un nombre entier',
  boolean: 'true ou false',
  object: 'un objet { … }',
  array: 'une liste [ … ]',
};

const expectedEn: Record<ExpectedType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
};

const placeholders = (names: readonly string[]) => names.map((n) => `{${n}}`);

/** `subject` is the field's path, or the words for a whole entry or file. */
function problemFr(subject: string, p: CatalogProblem): string {
  switch (p.code) {
    case 'required':
      return `${subject} est obligatoire`;
    case 'type':
      return `${subject} doit être ${expectedFr[p.expected]}`;
    case 'nonEmpty':
      return `${subject} ne doit pas être vide`;
    case 'min':
      return `${subject} doit être supérieur ou égal à ${p.limit}`;
    case 'max':
      return `${subject} doit être inférieur ou égal à ${p.limit}`;
    case 'oneOf':
      return p.options.length === 1
        ? `${subject} doit valoir ${p.options[0]}`
        : `${subject} doit valoir l’une des valeurs ${p.options.map(qFr).join(', ')}`;
    case 'idFormat':
      return `${subject} doit commencer par une lettre ou un chiffre, puis ne contenir que lettres, chiffres, ${qFr('-')}, ${qFr('_')} ou ${qFr('.')} (64${NBSP}caractères au plus)`;
    case 'localizedText':
      return `${subject} doit être un texte non vide ou un objet {"fr": …, "en": …}`;
    case 'url':
      return `${subject} doit être une adresse http(s) ou un chemin relatif`;
    case 'template': {
      const all = `${subject} doit contenir {z}, {x} et {y}`;
      return p.missing.length < 3 ? `${all} (il manque ${placeholders(p.missing).join(', ')})` : all;
    }
    case 'templateUnknown':
      return `${subject} contient {${p.placeholder}}, que le viewer ne sait pas remplir (permis${NBSP}: {z}, {x}, {y}, {reverseY}, {s})`;
    case 'bbox':
      return `${subject} doit être [ouest, sud, est, nord] en degrés, avec ouest < est et sud < nord`;
    case 'zoomOrder':
      return `${subject} doit être supérieur ou égal à minZoom (${p.minZoom})`;
    case 'duplicateId':
      return `${subject} est déjà celui de la couche n°${NBSP}${p.firstIndex + 1}`;
    case 'invalidJson':
      return `le fichier n’est pas du JSON valide (${p.detail})`;
    case 'other':
      return `${subject}${NBSP}: ${p.detail}`;
  }
}

function problemEn(subject: string, p: CatalogProblem): string {
  switch (p.code) {
    case 'required':
      return `${subject} is required`;
    case 'type':
      return `${subject} must be ${expectedEn[p.expected]}`;
    case 'nonEmpty':
      return `${subject} must not be empty`;
    case 'min':
      return `${subject} must be at least ${p.limit}`;
    case 'max':
      return `${subject} must be at most ${p.limit}`;
    case 'oneOf':
      return p.options.length === 1
        ? `${subject} must be ${p.options[0]}`
        : `${subject} must be one of ${p.options.map(qEn).join(', ')}`;
    case 'idFormat':
      return `${subject} must start with a letter or digit and contain only letters, digits, “-”, “_” or “.” (64 characters at most)`;
    case 'localizedText':
      return `${subject} must be a non-empty string or an object {"fr": …, "en": …}`;
    case 'url':
      return `${subject} must be an http(s) address or a relative path`;
    case 'template': {
      const all = `${subject} must contain {z}, {x} and {y}`;
      return p.missing.length < 3 ? `${all} (missing ${placeholders(p.missing).join(', ')})` : all;
    }
    case 'templateUnknown':
      return `${subject} contains {${p.placeholder}}, which the viewer cannot fill (allowed: {z}, {x}, {y}, {reverseY}, {s})`;
    case 'bbox':
      return `${subject} must be [west, south, east, north] in degrees, with west < east and south < north`;
    case 'zoomOrder':
      return `${subject} must be at least minZoom (${p.minZoom})`;
    case 'duplicateId':
      return `${subject} is already used by layer no. ${p.firstIndex + 1}`;
    case 'invalidJson':
      return `the file is not valid JSON (${p.detail})`;
    case 'other':
      return `${subject}: ${p.detail}`;
  }
}

const receivedFr = (r: ReceivedValue) => `reçu ${r.type === 'string' ? qFr(r.value) : r.text}`;
const receivedEn = (r: ReceivedValue) => `got ${r.type === 'string' ? qEn(r.value) : r.text}`;

const fr = {
  appTitle: 'Jumeau numérique des Hauts-de-France',
  /** Name of the other language, written in that language (the switch button's text). */
  otherLanguageName: 'English',
  otherLanguageCode: 'en',
  switchLanguageTitle: 'Switch the interface to English',
  panelLabel: 'Panneau des couches',
  layersHeading: 'Couches',
  globeLabel: 'Globe 3D',
  homeButtonTitle: 'Revenir à la vue d’ensemble',
  navigationHelpTitle: 'Aide à la navigation (en anglais)',
  catalogLoading: (url: string) => `Chargement du catalogue ${url}…`,
  catalogNotFound: (url: string, isDefault: boolean) =>
    isDefault
      ? `Aucun catalogue trouvé à ${url} — lancez npm run demo pour créer l’échantillon.`
      : `Aucun catalogue trouvé à ${url} — vérifiez le paramètre ?catalog= de l’adresse.`,
  catalogHttpError: (url: string, status: number) =>
    `Le serveur a répondu ${status} pour le catalogue ${url}.`,
  catalogNetworkError: (url: string, detail: string) => `Le catalogue ${url} est injoignable (${detail}).`,
  catalogBadUrl: (url: string) =>
    `Adresse de catalogue refusée${NBSP}: ${qFr(url)} (seules les adresses http(s) et les chemins relatifs sont permis).`,
  catalogInvalid: (url: string) => `Le catalogue ${url} est inutilisable${NBSP}:`,
  catalogIssuesSummary: (count: number) =>
    count === 1
      ? `Une erreur dans le catalogue${NBSP}; les couches valides restent affichées.`
      : `${count}${NBSP}erreurs dans le catalogue${NBSP}; les couches valides restent affichées.`,
  globeStillWorks: 'Le globe reste utilisable.',
  noLayers: 'Ce catalogue ne contient aucune couche valide.',
  kindNames: {
    orthoimagery: 'Orthophotographie',
    terrain: 'Relief (terrain)',
    buildings: 'Bâtiments 3D',
    '3dtiles': 'Maquette 3D',
    ocs2d: 'Occupation du sol (OCS2D)',
    changes: 'Changements détectés',
    territories: 'Territoires',
  } satisfies Record<LayerKind, string>,
  vintage: (year: number) => `millésime ${year}`,
  attribution: (text: string) => `Source${NBSP}: ${text}`,
  opacityLabel: (title: string) => `Opacité de ${qFr(title)}`,
  percent: (value: number) => `${value}${NBSP}%`,
  comingSoon: 'Affichage à venir',
  statusLoading: 'Chargement…',
  statusTilesFailed: (count: number) =>
    count === 1
      ? `Échec${NBSP}: une tuile n’a pas pu être chargée.`
      : `Échec${NBSP}: ${count}${NBSP}tuiles n’ont pas pu être chargées.`,
  statusLoadFailed: (detail: string) => `Échec du chargement${NBSP}: ${detail}`,
  // Layer order, per-layer states (issue 6 B)
  moveUp: (title: string) => `Monter ${qFr(title)} (dessinée au-dessus)`,
  moveDown: (title: string) => `Descendre ${qFr(title)} (dessinée en dessous)`,
  layerMoved: (title: string, position: number, total: number) =>
    `${qFr(title)} est maintenant en position ${position} sur ${total}.`,
  statusTooFar: 'Rapprochez-vous pour afficher cette couche.',
  statusFeatures: (count: number, truncated: boolean) =>
    `${count}${NBSP}objet${count > 1 ? 's' : ''} dans la vue${truncated ? ` (limite atteinte${NBSP}: rapprochez-vous pour tout voir)` : ''}`,
  // Search and navigation
  navigationLabel: 'Navigation',
  searchLabel: 'Rechercher une commune ou un EPCI',
  searchPlaceholder: 'Nom, code INSEE ou SIREN',
  searchLoading: 'Chargement de la liste des territoires…',
  searchUnavailable: (problem: FetchProblem) =>
    `Recherche indisponible${NBSP}: ${
      {
        missing: 'le serveur ne fournit pas la liste des territoires (relancez « npm run build »)',
        unreachable: 'le serveur ne répond pas (réseau ?), rechargez la page',
        invalid: 'la liste des territoires reçue est illisible (reconstruisez le visualiseur)',
      }[problem]
    }.`,
  searchNoResult: (query: string) => `Aucun territoire ne correspond à ${qFr(query)}.`,
  searchResults: (count: number) =>
    count === 1
      ? 'Un résultat, flèches haut et bas pour choisir.'
      : `${count}${NBSP}résultats, flèches haut et bas pour choisir.`,
  territoryKind: { commune: 'Commune', epci: 'EPCI' } as Record<'commune' | 'epci', string>,
  communeDetail: (code: string, dep: string) => `INSEE ${code} · département ${dep}`,
  epciDetail: (code: string, type: string) => `${type} · SIREN ${code}`,
  flyingTo: (name: string) => `Vol vers ${name}.`,
  homeLabel: 'Vue d’ensemble',
  sceneModeLabel: 'Mode d’affichage',
  mode3d: 'Globe 3D',
  mode2d: 'Carte 2D',
  coordinatesLabel: 'Coordonnées sous le curseur',
  coordinatesNone: 'Survolez le globe pour lire les coordonnées.',
  wgs84: (lat: string, lon: string) => `WGS 84${NBSP}: ${lat}${NBSP}N, ${lon}${NBSP}E`,
  lambert93: (x: string, y: string) => `Lambert-93${NBSP}: X ${x}${NBSP}m, Y ${y}${NBSP}m`,
  formatDegrees: (v: number) => v.toFixed(5).replace('.', ','),
  formatMetres: (v: number) => Math.round(v).toLocaleString('fr-FR').replace(/\s/g, NBSP),
  issueWhere: (issue: CatalogIssue) => {
    if (issue.layerIndex === undefined) return 'catalogue';
    const n = `n°${NBSP}${issue.layerIndex + 1}`;
    return issue.layerId !== undefined ? `couche ${qFr(issue.layerId)} (${n})` : `couche ${n}`;
  },
  /** One issue as a sentence: where, what, what was there. */
  issue: (issue: CatalogIssue) => {
    const where = fr.issueWhere(issue);
    const subject = issue.path || (issue.layerIndex === undefined ? 'le fichier' : 'l’entrée');
    const what = problemFr(subject, issue.problem);
    return `${where}${NBSP}: ${what}${issue.received ? `, ${receivedFr(issue.received)}` : ''}`;
  },
  // OCS2D and change layers, picking (issue 6 A)
  vector: {
    heading: 'Occupation du sol et changements',
    nomenclatureLabel: 'Nomenclature',
    nomenclatures: {
      cs: 'Couverture du sol (CS)',
      us: 'Usage du sol (US)',
      p4: '4 postes',
      p21: '21 postes',
      enaf: 'ENAF',
    },
    legendLabel: (nomenclature: string) => `Légende${NBSP}: ${nomenclature}`,
    legendWaiting: 'Légende disponible une fois la couche chargée.',
    changeClassesLabel: 'Classes de changement affichées',
    changeClasses: {
      vers_bati: 'Vers bâti',
      vers_impermeable: 'Vers imperméable',
      vers_terrassement: 'Vers terrassement',
      zones_artificialisees: 'Zones artificialisées',
    },
    minConfidenceLabel: 'Confiance minimale',
    heatUnit: (cellMetres: number) => `hectares changés par maille de ${cellMetres}${NBSP}m`,
    featureHeading: 'Objet sélectionné',
    pickHint: 'Cliquez sur le globe pour lire les classes d’un polygone.',
    pickSearching: 'Recherche de l’objet…',
    pickNone: 'Aucun objet affiché à cet endroit.',
    closeFeature: 'Fermer la fiche',
    fields: {
      cs: 'Couverture (CS)',
      us: 'Usage (US)',
      p4: '4 postes',
      p21: '21 postes',
      enaf: 'ENAF',
      millesime: 'Millésime',
      area: 'Surface (Lambert-93)',
      id: 'Identifiant',
      class: 'Classe',
      confidence: 'Confiance',
      dates: 'Période',
      model: 'Modèle',
      heat: 'Surface changée dans la maille',
    },
    noClass: 'non déterminé (règle spatiale)',
    hectares: (ha: number) =>
      `${ha.toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\s/g, NBSP)}${NBSP}ha`,
    percentOf: (v: number) => `${Math.round(v * 100)}${NBSP}%`,
    dateRange: (a: string, b: string) => `du ${a} au ${b}`,
  },
  /** Vintage control, compare swipe, permalink, export, council mode (issue 7). */
  twinCompare: {
    vintageHeading: 'Millésime',
    vintageLabel: 'Millésime affiché',
    vintageEach: 'Chaque couche à son millésime',
    substitute: (kind: string, shown: number, wanted: number) =>
      `${kind}${NBSP}: ${shown} affiché pour ${wanted}`,
    gridCaption: 'Données disponibles par couche et millésime',
    gridLayer: 'Couche',
    available: 'disponible',
    missing: 'absent',
    compareToggle: 'Comparer deux millésimes',
    compareLeft: 'Avant (à gauche)',
    compareRight: 'Après (à droite)',
    needTwoVintages: 'La comparaison demande au moins deux millésimes dans le catalogue.',
    dividerLabel: 'Séparateur avant/après',
    dividerValue: (left: number, right: number, percent: number) =>
      `${left} à gauche, ${right} à droite, séparateur à ${percent}${NBSP}%`,
    sideLabel: (year: number) => `Millésime ${year}`,
    permalinkCopy: 'Copier le lien de cette vue',
    permalinkCopied: 'Lien copié.',
    permalinkNotice: (names: string) =>
      `Le lien ouvert contenait des valeurs invalides (${names})${NBSP}: les réglages par défaut les remplacent.`,
    dismiss: 'Fermer',
    exportHeading: 'Exporter la vue (PNG)',
    exportScreen: 'Écran',
    exportA4: 'A4',
    exportA3: 'A3',
    exporting: 'Export en cours…',
    exportDone: (w: number, h: number) => `Image de ${w}${NBSP}×${NBSP}${h}${NBSP}pixels enregistrée.`,
    exportFailed: (detail: string) => `L’export a échoué${NBSP}: ${detail}`,
    exportDate: (date: string) => `Exporté le ${date}`,
    exportVintages: (text: string) => `Millésimes${NBSP}: ${text}`,
    exportSources: (text: string) => `Sources${NBSP}: ${text}`,
    exportLayers: (text: string) => `Couches affichées${NBSP}: ${text}`,
    exportNoGlobe: 'pas de globe 3D à capturer (il n’a pas démarré).',
    councilOpen: 'Mode conseil (plein écran)',
    councilClose: 'Quitter le mode conseil (Échap)',
    councilLabel: 'Mode conseil',
  },
  review: REVIEW_MESSAGES.fr,
  console: CONSOLE_MESSAGES.fr,
  buildings: BUILDINGS_MESSAGES.fr,
  series: SERIES_MESSAGES.fr,
  panelCrashed: (detail: string) => `Ce panneau a rencontré une erreur${NBSP}: ${detail}`,
  retry: 'Réessayer',
  globeFailed: (detail: string) => `Le globe 3D n’a pas pu démarrer${NBSP}: ${detail}`,
  renderStopped: (detail: string) => `Le rendu 3D s’est arrêté${NBSP}: ${detail}`,
};

/** The dictionary type: every key of the French one. */
export type Messages = typeof fr;

const en: Messages = {
  appTitle: 'Hauts-de-France digital twin',
  otherLanguageName: 'Français',
  otherLanguageCode: 'fr',
  switchLanguageTitle: 'Passer l’interface en français',
  panelLabel: 'Layer panel',
  layersHeading: 'Layers',
  globeLabel: '3D globe',
  homeButtonTitle: 'Back to the overview',
  navigationHelpTitle: 'Navigation help',
  catalogLoading: (url) => `Loading the catalog ${url}…`,
  catalogNotFound: (url, isDefault) =>
    isDefault
      ? `No catalog found at ${url} — run npm run demo to create the sample.`
      : `No catalog found at ${url} — check the ?catalog= parameter of the address.`,
  catalogHttpError: (url, status) => `The server answered ${status} for the catalog ${url}.`,
  catalogNetworkError: (url, detail) => `The catalog ${url} cannot be reached (${detail}).`,
  catalogBadUrl: (url) =>
    `Catalog address refused: ${qEn(url)} (only http(s) addresses and relative paths are allowed).`,
  catalogInvalid: (url) => `The catalog ${url} cannot be used:`,
  catalogIssuesSummary: (count) =>
    count === 1
      ? 'One error in the catalog; the valid layers are still shown.'
      : `${count} errors in the catalog; the valid layers are still shown.`,
  globeStillWorks: 'The globe still works.',
  noLayers: 'This catalog has no valid layer.',
  kindNames: {
    orthoimagery: 'Orthoimagery',
    terrain: 'Relief (terrain)',
    buildings: '3D buildings',
    '3dtiles': '3D model',
    ocs2d: 'Land cover (OCS2D)',
    changes: 'Detected changes',
    territories: 'Territories',
  },
  vintage: (year) => `vintage ${year}`,
  attribution: (text) => `Source: ${text}`,
  opacityLabel: (title) => `Opacity of ${qEn(title)}`,
  percent: (value) => `${value}%`,
  comingSoon: 'Display coming soon',
  statusLoading: 'Loading…',
  statusTilesFailed: (count) =>
    count === 1 ? 'Failed: one tile could not be loaded.' : `Failed: ${count} tiles could not be loaded.`,
  statusLoadFailed: (detail) => `Loading failed: ${detail}`,
  moveUp: (title) => `Move ${qEn(title)} up (drawn above)`,
  moveDown: (title) => `Move ${qEn(title)} down (drawn below)`,
  layerMoved: (title, position, total) => `${qEn(title)} is now at position ${position} of ${total}.`,
  statusTooFar: 'Zoom in to show this layer.',
  statusFeatures: (count, truncated) =>
    `${count} feature${count === 1 ? '' : 's'} in view${truncated ? ' (limit reached: zoom in to see all)' : ''}`,
  navigationLabel: 'Navigation',
  searchLabel: 'Search for a municipality or an EPCI',
  searchPlaceholder: 'Name, INSEE or SIREN code',
  searchLoading: 'Loading the list of territories…',
  searchUnavailable: (problem) =>
    `Search unavailable: ${
      {
        missing: 'the server does not provide the list of territories (run "npm run build" again)',
        unreachable: 'the server does not answer (network?), reload the page',
        invalid: 'the list of territories received is unreadable (rebuild the viewer)',
      }[problem]
    }.`,
  searchNoResult: (query) => `No territory matches ${qEn(query)}.`,
  searchResults: (count) =>
    count === 1
      ? 'One result, up and down arrows to choose.'
      : `${count} results, up and down arrows to choose.`,
  territoryKind: { commune: 'Municipality', epci: 'EPCI' },
  communeDetail: (code, dep) => `INSEE ${code} · département ${dep}`,
  epciDetail: (code, type) => `${type} · SIREN ${code}`,
  flyingTo: (name) => `Flying to ${name}.`,
  homeLabel: 'Overview',
  sceneModeLabel: 'Display mode',
  mode3d: '3D globe',
  mode2d: '2D map',
  coordinatesLabel: 'Coordinates under the cursor',
  coordinatesNone: 'Hover over the globe to read coordinates.',
  wgs84: (lat, lon) => `WGS 84: ${lat} N, ${lon} E`,
  lambert93: (x, y) => `Lambert-93: X ${x} m, Y ${y} m`,
  formatDegrees: (v) => v.toFixed(5),
  formatMetres: (v) => Math.round(v).toLocaleString('en-GB'),
  issueWhere: (issue) => {
    if (issue.layerIndex === undefined) return 'catalog';
    const n = `no. ${issue.layerIndex + 1}`;
    return issue.layerId !== undefined ? `layer ${qEn(issue.layerId)} (${n})` : `layer ${n}`;
  },
  issue: (issue) => {
    const where = en.issueWhere(issue);
    const subject = issue.path || (issue.layerIndex === undefined ? 'the file' : 'the entry');
    const what = problemEn(subject, issue.problem);
    return `${where}: ${what}${issue.received ? `, ${receivedEn(issue.received)}` : ''}`;
  },
  vector: {
    heading: 'Land cover and changes',
    nomenclatureLabel: 'Nomenclature',
    nomenclatures: {
      cs: 'Land cover (CS)',
      us: 'Land use (US)',
      p4: '4 classes',
      p21: '21 classes',
      enaf: 'ENAF',
    },
    legendLabel: (nomenclature) => `Legend: ${nomenclature}`,
    legendWaiting: 'The legend appears once the layer is loaded.',
    changeClassesLabel: 'Change classes shown',
    changeClasses: {
      vers_bati: 'To built',
      vers_impermeable: 'To impervious',
      vers_terrassement: 'To earthworks',
      zones_artificialisees: 'Artificialised areas',
    },
    minConfidenceLabel: 'Minimum confidence',
    heatUnit: (cellMetres) => `hectares changed per ${cellMetres} m cell`,
    featureHeading: 'Selected feature',
    pickHint: 'Click on the globe to read a polygon’s classes.',
    pickSearching: 'Looking for the feature…',
    pickNone: 'No feature shown at this place.',
    closeFeature: 'Close',
    fields: {
      cs: 'Cover (CS)',
      us: 'Use (US)',
      p4: '4 classes',
      p21: '21 classes',
      enaf: 'ENAF',
      millesime: 'Vintage',
      area: 'Area (Lambert-93)',
      id: 'Identifier',
      class: 'Class',
      confidence: 'Confidence',
      dates: 'Period',
      model: 'Model',
      heat: 'Changed area in the cell',
    },
    noClass: 'undetermined (spatial rule)',
    hectares: (ha) => `${ha.toLocaleString('en-GB', { maximumFractionDigits: 2 })} ha`,
    percentOf: (v) => `${Math.round(v * 100)}%`,
    dateRange: (a, b) => `${a} to ${b}`,
  },
  twinCompare: {
    vintageHeading: 'Vintage',
    vintageLabel: 'Vintage shown',
    vintageEach: 'Each layer at its own vintage',
    substitute: (kind, shown, wanted) => `${kind}: ${shown} shown for ${wanted}`,
    gridCaption: 'Data available by layer and vintage',
    gridLayer: 'Layer',
    available: 'available',
    missing: 'missing',
    compareToggle: 'Compare two vintages',
    compareLeft: 'Before (left)',
    compareRight: 'After (right)',
    needTwoVintages: 'Comparing needs at least two vintages in the catalog.',
    dividerLabel: 'Before/after divider',
    dividerValue: (left, right, percent) =>
      `${left} on the left, ${right} on the right, divider at ${percent}%`,
    sideLabel: (year) => `Vintage ${year}`,
    permalinkCopy: 'Copy the link to this view',
    permalinkCopied: 'Link copied.',
    permalinkNotice: (names) => `The link opened had invalid values (${names}): the defaults replace them.`,
    dismiss: 'Close',
    exportHeading: 'Export the view (PNG)',
    exportScreen: 'Screen',
    exportA4: 'A4',
    exportA3: 'A3',
    exporting: 'Exporting…',
    exportDone: (w, h) => `${w} × ${h} pixel image saved.`,
    exportFailed: (detail) => `Export failed: ${detail}`,
    exportDate: (date) => `Exported on ${date}`,
    exportVintages: (text) => `Vintages: ${text}`,
    exportSources: (text) => `Sources: ${text}`,
    exportLayers: (text) => `Layers shown: ${text}`,
    exportNoGlobe: 'no 3D globe to capture (it did not start).',
    councilOpen: 'Council mode (full screen)',
    councilClose: 'Leave council mode (Esc)',
    councilLabel: 'Council mode',
  },
  review: REVIEW_MESSAGES.en,
  console: CONSOLE_MESSAGES.en,
  buildings: BUILDINGS_MESSAGES.en,
  series: SERIES_MESSAGES.en,
  panelCrashed: (detail) => `This panel ran into an error: ${detail}`,
  retry: 'Retry',
  globeFailed: (detail) => `The 3D globe could not start: ${detail}`,
  renderStopped: (detail) => `3D rendering stopped: ${detail}`,
};

/** The dictionaries, by locale. */
export const MESSAGES = { fr, en } as const;
