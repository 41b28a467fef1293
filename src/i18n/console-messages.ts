/**
 * Words of the technicians' console (« Chantiers de tuilage »), French first with English,
 * plugged into src/i18n/messages.ts as `console`.
 */
import type { DalleState } from '../../format/batch-status';

const NBSP = '\u00a0';
const numFr = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, NBSP);
const numEn = (n: number) => n.toLocaleString('en-GB');
const pctFr = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')}${NBSP}%`;
const pctEn = (v: number) => `${(v * 100).toFixed(1)}%`;
const dur = (s: number | null, unknown: string) => {
  if (s === null || !Number.isFinite(s)) return unknown;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};
const UNITS_FR = ['o', 'ko', 'Mo', 'Go', 'To'];
const UNITS_EN = ['B', 'kB', 'MB', 'GB', 'TB'];
const bytes = (n: number | null, unknown: string, u = UNITS_FR) => {
  if (n === null) return unknown;
  let v = n;
  let k = 0;
  while (v >= 1000 && k < u.length - 1) {
    v /= 1000;
    k++;
  }
  const text = v.toFixed(k === 0 ? 0 : 1);
  return `${u === UNITS_FR ? text.replace('.', ',') : text}${NBSP}${u[k]}`;
};

const fr = {
  link: 'Chantiers de tuilage',
  back: 'Retour au jumeau',
  heading: 'Chantiers de tuilage',
  intro: 'Planifier, lancer et suivre les chantiers de tuilage, dalle par dalle.',
  listLabel: 'Chantiers',
  none: 'Aucun chantier pour l’instant.',
  live: 'Mises à jour en direct',
  offline: 'Connexion au serveur perdue, reconnexion…',
  delay: (ms: number) => `dernière mise à jour affichée ${Math.round(ms)}${NBSP}ms après la fin du travail`,
  columns: {
    batch: 'Chantier',
    product: 'Produit',
    vintage: 'Millésime',
    state: 'État',
    progress: 'Avancement',
    eta: 'Reste',
    failures: 'Échecs',
  },
  products: {
    ortho: 'Orthophoto',
    tiles3d: '3D',
    vector: 'Vecteur',
    terrain: 'Terrain',
    buildings: 'Bâtiments',
  } as Record<string, string>,
  states: {
    registered: 'enregistré',
    running: 'en cours',
    cancelled: 'annulé',
    complete: 'terminé',
    stopped: 'arrêté',
  } as Record<string, string>,
  modes: { queue: 'réparti (Redis)', local: 'local' } as Record<string, string>,
  dalleStates: {
    planned: 'prévue',
    running: 'en cours',
    done: 'terminée',
    failed: 'en échec',
    skipped: 'écartée',
  } as Record<DalleState, string>,
  /** A dalle partly done in a batch that no longer runs (stopped, cancelled). */
  dalleInterrupted: 'interrompue',
  legend: 'Légende des dalles',
  dallesCount: (n: number) => `${numFr(n)} dalle${n > 1 ? 's' : ''}`,
  percent: pctFr,
  num: numFr,
  duration: (s: number | null) => dur(s, 'inconnu'),
  size: (n: number | null) => bytes(n, 'inconnue'),
  out: 'Sortie',
  outputHint: 'Lettres minuscules, chiffres et « - », 48 au plus (le dossier est créé dans chantiers/)',
  jobs: (done: number, total: number, active: number) =>
    `Travaux${NBSP}: ${numFr(done)} / ${numFr(total)} terminés, ${numFr(active)} en cours`,
  tiles: (written: number, rate: number) =>
    `Tuiles${NBSP}: ${numFr(written)} écrites, ${rate.toFixed(1).replace('.', ',')} tuiles/s`,
  zoomsLabel: 'Avancement par niveau de zoom',
  zoom: (z: number) => `z${z}`,
  workersLabel: 'Travailleurs',
  worker: (name: string, tps: number, jobs: number) =>
    `${name}${NBSP}: ${numFr(jobs)} travaux, ${tps.toFixed(1).replace('.', ',')} tuiles/s`,
  recovered: (job: string, n: number) =>
    `Travail ${job} repris après l’arrêt brutal de son travailleur (${n}${NBSP}fois)`,
  failuresLabel: 'Échecs',
  failure: (job: string, attempts: number, message: string) =>
    job === '-' ? message : `Travail ${job} en échec après ${attempts} essai(s)${NBSP}: ${message}`,
  actions: 'Actions',
  cancel: 'Annuler',
  resume: 'Reprendre',
  retry: 'Relancer les échecs',
  preview: 'Comparer avec la version publiée',
  previewOff: 'Fermer la comparaison',
  previewNone: 'Aucune pyramide publiée de ce millésime ou d’un millésime antérieur à comparer.',
  previewLabel: 'Position du rideau',
  previewLeft: 'Nouveau chantier',
  previewRight: 'Publié',
  dalleHeading: (name: string) => `Dalle ${name}`,
  dalleJobs: 'Travaux de la dalle',
  jobState: { done: 'terminé', failed: 'en échec', waiting: 'en attente' } as Record<string, string>,
  jobTiles: (n: number) => `${numFr(n)} tuiles`,
  jobFly: (job: string) => `Aller aux tuiles du travail ${job}`,
  jobRecovered: (n: number) => `repris ${n}${NBSP}fois`,
  closeDalle: 'Fermer la dalle',
  tokenLabel: 'Jeton de technicien',
  tokenHint:
    'Les actions (lancer, annuler, reprendre) demandent un jeton de technicien. La lecture est libre.',
  tokenSave: 'Enregistrer le jeton',
  planHeading: 'Nouveau chantier',
  inputLabel: 'Dalles à tuiler',
  inputNone: 'Aucun dossier de dalles sous les racines du serveur.',
  inputOption: (root: string, path: string, n: number) =>
    `${root}${NBSP}: ${path || '.'} (${numFr(n)} dalles)`,
  outputLabel: 'Nom du dossier de sortie',
  vintageLabel: 'Millésime',
  modeLabel: 'Mode',
  workersLabelInput: 'Nombre de travailleurs',
  jobSpanLabel: 'Niveaux par travail',
  formatLabel: 'Format des tuiles',
  onErrorLabel: 'En cas de dalle illisible',
  onErrorStop: 'arrêter',
  onErrorSkip: 'l’écarter',
  estimate: 'Estimer',
  launch: 'Lancer',
  estimating: 'Estimation en cours (essai sur quelques travaux)…',
  estimateText: (e: {
    tiles: number;
    jobs: number;
    objects: number;
    bytes: number | null;
    seconds: number | null;
    dalles: number;
  }) =>
    `${numFr(e.dalles)} dalle(s), ${numFr(e.jobs)} travaux, ${numFr(e.tiles)} tuiles, ${numFr(e.objects)} objets, ${bytes(e.bytes, 'taille inconnue')}, environ ${dur(e.seconds, 'durée inconnue')}`,
  launched: (id: string) => `Chantier ${id} lancé.`,
  refused: (status: number, error: string) => `Refusé par le serveur (${status})${NBSP}: ${error}`,
  problems: (list: readonly string[]) => list.join(`${NBSP}; `),
  noSelection: 'Choisissez un chantier dans la liste pour le voir sur la carte.',
  mapLabel: 'Carte des dalles du chantier',
};

export type ConsoleMessages = typeof fr;

const en: ConsoleMessages = {
  link: 'Tiling batches',
  back: 'Back to the twin',
  heading: 'Tiling batches',
  intro: 'Plan, launch and follow tiling batches, dalle by dalle.',
  listLabel: 'Batches',
  none: 'No batch yet.',
  live: 'Live updates',
  offline: 'Connection to the server lost, reconnecting…',
  delay: (ms: number) => `last update shown ${Math.round(ms)} ms after the job ended`,
  columns: {
    batch: 'Batch',
    product: 'Product',
    vintage: 'Vintage',
    state: 'State',
    progress: 'Progress',
    eta: 'Left',
    failures: 'Failures',
  },
  products: {
    ortho: 'Orthophoto',
    tiles3d: '3D',
    vector: 'Vector',
    terrain: 'Terrain',
    buildings: 'Buildings',
  },
  states: {
    registered: 'registered',
    running: 'running',
    cancelled: 'cancelled',
    complete: 'complete',
    stopped: 'stopped',
  },
  modes: { queue: 'distributed (Redis)', local: 'local' },
  dalleStates: { planned: 'planned', running: 'running', done: 'done', failed: 'failed', skipped: 'skipped' },
  dalleInterrupted: 'interrupted',
  legend: 'Dalle legend',
  dallesCount: (n: number) => `${numEn(n)} dalle${n === 1 ? '' : 's'}`,
  percent: pctEn,
  num: numEn,
  duration: (s: number | null) => dur(s, 'unknown'),
  size: (n: number | null) => bytes(n, 'unknown', UNITS_EN),
  out: 'Output',
  outputHint: 'Lower-case letters, digits and "-", 48 at most (the folder is made under chantiers/)',
  jobs: (done: number, total: number, active: number) =>
    `Jobs: ${numEn(done)} / ${numEn(total)} done, ${numEn(active)} running`,
  tiles: (written: number, rate: number) => `Tiles: ${numEn(written)} written, ${rate.toFixed(1)} tiles/s`,
  zoomsLabel: 'Progress per zoom level',
  zoom: (z: number) => `z${z}`,
  workersLabel: 'Workers',
  worker: (name: string, tps: number, jobs: number) =>
    `${name}: ${numEn(jobs)} jobs, ${tps.toFixed(1)} tiles/s`,
  recovered: (job: string, n: number) =>
    `Job ${job} recovered after its worker died (${n} time${n === 1 ? '' : 's'})`,
  failuresLabel: 'Failures',
  failure: (job: string, attempts: number, message: string) =>
    job === '-' ? message : `Job ${job} failed after ${attempts} attempt(s): ${message}`,
  actions: 'Actions',
  cancel: 'Cancel',
  resume: 'Resume',
  retry: 'Retry failed',
  preview: 'Compare with the published version',
  previewOff: 'Close the comparison',
  previewNone: 'No published pyramid of this vintage or an earlier one to compare with.',
  previewLabel: 'Swipe position',
  previewLeft: 'New batch',
  previewRight: 'Published',
  dalleHeading: (name: string) => `Dalle ${name}`,
  dalleJobs: 'Jobs of the dalle',
  jobState: { done: 'done', failed: 'failed', waiting: 'waiting' },
  jobTiles: (n: number) => `${numEn(n)} tiles`,
  jobFly: (job: string) => `Fly to the tiles of job ${job}`,
  jobRecovered: (n: number) => `recovered ${n} time${n === 1 ? '' : 's'}`,
  closeDalle: 'Close the dalle',
  tokenLabel: 'Technician token',
  tokenHint: 'Actions (launch, cancel, resume) need a technician token. Reading is open.',
  tokenSave: 'Save the token',
  planHeading: 'New batch',
  inputLabel: 'Dalles to tile',
  inputNone: 'No folder of dalles under the server’s roots.',
  inputOption: (root: string, path: string, n: number) => `${root}: ${path || '.'} (${numEn(n)} dalles)`,
  outputLabel: 'Output folder name',
  vintageLabel: 'Vintage',
  modeLabel: 'Mode',
  workersLabelInput: 'Number of workers',
  jobSpanLabel: 'Levels per job',
  formatLabel: 'Tile format',
  onErrorLabel: 'On an unreadable dalle',
  onErrorStop: 'stop',
  onErrorSkip: 'leave it out',
  estimate: 'Estimate',
  launch: 'Launch',
  estimating: 'Estimating (a trial run on a few jobs)…',
  estimateText: (e) =>
    `${numEn(e.dalles)} dalle(s), ${numEn(e.jobs)} jobs, ${numEn(e.tiles)} tiles, ${numEn(e.objects)} objects, ${bytes(e.bytes, 'size unknown', UNITS_EN)}, about ${dur(e.seconds, 'unknown time')}`,
  launched: (id: string) => `Batch ${id} launched.`,
  refused: (status: number, error: string) => `Refused by the server (${status}): ${error}`,
  problems: (list: readonly string[]) => list.join('; '),
  noSelection: 'Choose a batch in the list to see it on the map.',
  mapLabel: 'Map of the batch’s dalles',
};

export const CONSOLE_MESSAGES = { fr, en } as const;
