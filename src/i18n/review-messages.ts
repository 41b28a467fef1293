/**
 * Words of the review queue (French first, English), plugged into src/i18n/messages.ts as
 * `review`. In src/i18n/ (not the feature) because the shared dictionary imports it; a file of
 * its own so the review feature's many strings stay out of messages.ts.
 */
const NBSP = '\u00a0';
const qFr = (s: string) => `«${NBSP}${s}${NBSP}»`;
const qEn = (s: string) => `“${s}”`;
const pctFr = (v: number) => `${Math.round(v * 100)}${NBSP}%`;
const pctEn = (v: number) => `${Math.round(v * 100)}%`;
const haFr = (ha: number) =>
  `${ha.toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\s/g, NBSP)}${NBSP}ha`;
const haEn = (ha: number) => `${ha.toLocaleString('en-GB', { maximumFractionDigits: 2 })} ha`;

const reviewFr = {
  heading: 'Revue des détections',
  intro: 'Détections de changement à valider, triées par confiance × surface.',
  tokenLabel: 'Jeton de relecteur',
  tokenSave: 'Enregistrer le jeton',
  tokenKept: 'Jeton enregistré pour cet onglet (jamais dans l’adresse).',
  tokenForget: 'Oublier le jeton',
  tokenNeeded: 'Saisissez votre jeton de relecteur pour enregistrer une décision (la lecture reste libre).',
  tokenRefused: (detail: string) =>
    `Jeton refusé par le serveur${NBSP}: ${detail}. Saisissez un jeton valide.`,
  filtersLabel: 'Filtres de la file',
  classesLabel: 'Classes détectées',
  minConfidenceLabel: 'Confiance minimale de la file',
  statusLabel: 'État',
  sortLabel: 'Tri',
  inViewLabel: 'Seulement dans la vue',
  refresh: 'Actualiser',
  classes: {
    vers_bati: 'vers bâti',
    vers_impermeable: 'vers imperméable',
    vers_terrassement: 'vers terrassement',
    autre: 'autre',
  } as Record<string, string>,
  statuses: {
    all: 'Tous',
    pending: 'À revoir',
    accepted: 'Acceptée',
    rejected: 'Rejetée',
    reclassified: 'Reclassée',
  } as Record<string, string>,
  sorts: {
    priority: 'Confiance × surface',
    confidence: 'Confiance',
    area: 'Surface',
    date: 'Date',
  } as Record<string, string>,
  precisionLabel: 'Précision par classe',
  precision: (label: string, p: number | null, decided: number, total: number) =>
    `${label}${NBSP}: ${p === null ? 'pas encore de décision' : `précision ${pctFr(p)}`} (${decided}/${total} revues)`,
  queueLabel: 'File de revue',
  queueLoading: 'Chargement de la file…',
  queueError: (detail: string) => `File indisponible${NBSP}: ${detail}`,
  queueEmpty: 'Aucune détection ne correspond aux filtres.',
  queueCount: (shown: number, total: number) =>
    total > shown
      ? `${shown} détections affichées sur ${total}`
      : `${total} détection${total > 1 ? 's' : ''}`,
  itemLine: (id: string, cls: string, confidence: number, ha: number, status: string) =>
    `${id} · ${cls} · ${pctFr(confidence)} · ${haFr(ha)} · ${status}`,
  itemHeading: (id: string) => `Détection ${id}`,
  position: (i: number, n: number) => `${i}${NBSP}/${NBSP}${n}`,
  fields: {
    class: 'Classe détectée',
    confidence: 'Confiance',
    area: 'Surface',
    dates: 'Avant / après',
    state: 'État',
    model: 'Modèle',
    comment: 'Commentaire',
  },
  percent: pctFr,
  hectares: haFr,
  compareInfo: (before: string, after: string, left: number, right: number) =>
    `Avant ${before}, après ${after}${NBSP}: comparaison des millésimes ${left} et ${right}.`,
  noDates: 'Dates de la détection inconnues.',
  stateLine: (status: string, version: number, reviewer: string | null, at: string | null) =>
    reviewer
      ? `${status} par ${reviewer} le ${at ?? '?'} (version ${version})`
      : `${status} (version ${version})`,
  decisionsLabel: 'Décision',
  accept: 'Accepter',
  reject: 'Rejeter',
  reclassifyLabel: 'Reclasser',
  reclassify: (cls: string) => `Reclasser ${cls}`,
  csLabel: 'Couverture corrigée (CS)',
  usLabel: 'Usage corrigé (US)',
  noCode: '— inchangé —',
  commentLabel: 'Commentaire',
  close: 'Fermer',
  escKey: 'Échap',
  next: 'Suivante',
  previous: 'Précédente',
  saving: 'Enregistrement…',
  saved: (id: string, status: string, reviewer: string | null) =>
    `${id}${NBSP}: ${status.toLowerCase()}${reviewer ? ` (${reviewer})` : ''}, enregistrée.`,
  conflict: (id: string, reviewer: string | null, status: string, version: number, yours: number) =>
    `Conflit${NBSP}: ${qFr(id)} a été décidée entre-temps par ${reviewer ?? 'quelqu’un d’autre'} (état actuel${NBSP}: ${status.toLowerCase()}, version ${version}${NBSP}; vous aviez la version ${yours}). L’état actuel est affiché${NBSP}: décidez à nouveau si besoin.`,
  refused: (detail: string) => `Décision refusée${NBSP}: ${detail}`,
  historyLabel: 'Historique',
  historyLine: (version: number, reviewer: string, at: string, status: string, previous: string) =>
    `v${version} · ${at} · ${reviewer}${NBSP}: ${status.toLowerCase()} (avant${NBSP}: ${previous.toLowerCase()})`,
  exportsLabel: 'Exports',
  exportRetraining: 'Jeu étiqueté pour le réentraînement (GeoJSON)',
  exportGeocontrib: 'Erreurs manifestes OCS2D, modèle GeoContrib (GeoJSON)',
  shortcutsLabel: 'Raccourcis clavier',
  shortcuts: [
    ['A', 'accepter'],
    ['R', 'rejeter'],
    ['1 – 4', 'reclasser vers bâti, imperméable, terrassement, autre'],
    ['C', 'écrire un commentaire (Échap pour revenir)'],
    ['Maj+Tab', 'depuis le commentaire : codes OCS2D corrigés (taper le code)'],
    ['J / K', 'détection suivante / précédente'],
    ['Échap', 'fermer la détection'],
  ] as [string, string][],
  openFirst: 'Commencer la revue',
};

export type ReviewMessages = typeof reviewFr;

const reviewEn: ReviewMessages = {
  heading: 'Detection review',
  intro: 'Change detections to check, sorted by confidence × area.',
  tokenLabel: 'Reviewer token',
  tokenSave: 'Save the token',
  tokenKept: 'Token kept for this tab (never in the address).',
  tokenForget: 'Forget the token',
  tokenNeeded: 'Enter your reviewer token to record a decision (reading stays open).',
  tokenRefused: (detail) => `Token refused by the server: ${detail}. Enter a valid token.`,
  filtersLabel: 'Queue filters',
  classesLabel: 'Detected classes',
  minConfidenceLabel: 'Queue minimum confidence',
  statusLabel: 'State',
  sortLabel: 'Order',
  inViewLabel: 'Only in view',
  refresh: 'Refresh',
  classes: {
    vers_bati: 'to built',
    vers_impermeable: 'to impervious',
    vers_terrassement: 'to earthworks',
    autre: 'other',
  },
  statuses: {
    all: 'All',
    pending: 'To review',
    accepted: 'Accepted',
    rejected: 'Rejected',
    reclassified: 'Reclassified',
  },
  sorts: { priority: 'Confidence × area', confidence: 'Confidence', area: 'Area', date: 'Date' },
  precisionLabel: 'Precision per class',
  precision: (label, p, decided, total) =>
    `${label}: ${p === null ? 'no decision yet' : `precision ${pctEn(p)}`} (${decided}/${total} reviewed)`,
  queueLabel: 'Review queue',
  queueLoading: 'Loading the queue…',
  queueError: (detail) => `Queue unavailable: ${detail}`,
  queueEmpty: 'No detection matches the filters.',
  queueCount: (shown, total) =>
    total > shown ? `${shown} of ${total} detections shown` : `${total} detection${total === 1 ? '' : 's'}`,
  itemLine: (id, cls, confidence, ha, status) =>
    `${id} · ${cls} · ${pctEn(confidence)} · ${haEn(ha)} · ${status}`,
  itemHeading: (id) => `Detection ${id}`,
  position: (i, n) => `${i} / ${n}`,
  fields: {
    class: 'Detected class',
    confidence: 'Confidence',
    area: 'Area',
    dates: 'Before / after',
    state: 'State',
    model: 'Model',
    comment: 'Comment',
  },
  percent: pctEn,
  hectares: haEn,
  compareInfo: (before, after, left, right) =>
    `Before ${before}, after ${after}: comparing vintages ${left} and ${right}.`,
  noDates: 'Dates of the detection unknown.',
  stateLine: (status, version, reviewer, at) =>
    reviewer
      ? `${status} by ${reviewer} on ${at ?? '?'} (version ${version})`
      : `${status} (version ${version})`,
  decisionsLabel: 'Decision',
  accept: 'Accept',
  reject: 'Reject',
  reclassifyLabel: 'Reclassify',
  reclassify: (cls) => `Reclassify ${cls}`,
  csLabel: 'Corrected cover (CS)',
  usLabel: 'Corrected use (US)',
  noCode: '— unchanged —',
  commentLabel: 'Comment',
  close: 'Close',
  escKey: 'Esc',
  next: 'Next',
  previous: 'Previous',
  saving: 'Saving…',
  saved: (id, status, reviewer) =>
    `${id}: ${status.toLowerCase()}${reviewer ? ` (${reviewer})` : ''}, saved.`,
  conflict: (id, reviewer, status, version, yours) =>
    `Conflict: ${qEn(id)} was decided in the meantime by ${reviewer ?? 'someone else'} (current state: ${status.toLowerCase()}, version ${version}; you had version ${yours}). The current state is shown: decide again if needed.`,
  refused: (detail) => `Decision refused: ${detail}`,
  historyLabel: 'History',
  historyLine: (version, reviewer, at, status, previous) =>
    `v${version} · ${at} · ${reviewer}: ${status.toLowerCase()} (before: ${previous.toLowerCase()})`,
  exportsLabel: 'Exports',
  exportRetraining: 'Labelled dataset for retraining (GeoJSON)',
  exportGeocontrib: 'OCS2D obvious errors, GeoContrib model (GeoJSON)',
  shortcutsLabel: 'Keyboard shortcuts',
  shortcuts: [
    ['A', 'accept'],
    ['R', 'reject'],
    ['1 – 4', 'reclassify to built, impervious, earthworks, other'],
    ['C', 'write a comment (Esc to come back)'],
    ['Shift+Tab', 'from the comment: corrected OCS2D codes (type the code)'],
    ['J / K', 'next / previous detection'],
    ['Esc', 'close the detection'],
  ],
  openFirst: 'Start reviewing',
};

export const REVIEW_MESSAGES = { fr: reviewFr, en: reviewEn } as const;
