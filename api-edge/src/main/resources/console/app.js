// The Podium operator console: a client of the edge's JSON API on the same origin. The token stays in
// this tab (sessionStorage) and travels only in the X-API-Token header; the API decides every call, the
// console only hides what the caller's role may not do.
import { h, render, Fragment } from 'preact';
import { useState, useEffect, useRef } from 'preact/hooks';

const TOKEN_KEY = 'podium.console.token';
const session = { token: sessionStorage.getItem(TOKEN_KEY), caller: null };

// ---------------------------------------------------------------- API

class ApiError extends Error {
	constructor(status, body) {
		super((body && body.error) || 'the API answered ' + status);
		this.status = status;
		this.body = body || {};
		this.field = this.body.field || null;
		this.code = this.body.code || null;
	}
}

function randomKey() {
	if (crypto.randomUUID) {
		return crypto.randomUUID();
	}
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function query(params) {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params || {})) {
		if (value !== undefined && value !== null && value !== '') {
			search.set(key, value);
		}
	}
	const text = search.toString();
	return text ? '?' + text : '';
}

// Every write carries an Idempotency-Key, so a retried click never does the work twice.
async function api(method, path, body, headers) {
	const sent = { 'X-API-Token': session.token, Accept: 'application/json', ...(headers || {}) };
	const init = { method, headers: sent, credentials: 'omit', cache: 'no-store' };
	if (body !== undefined) {
		sent['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (method === 'POST' && !sent['Idempotency-Key']) {
		sent['Idempotency-Key'] = randomKey();
	}
	const response = await fetch('..' + path, init);
	const text = await response.text();
	let json = null;
	try {
		json = text ? JSON.parse(text) : null;
	}
	catch (ignored) {
		json = { error: text };
	}
	if (response.status === 401 && session.caller) {
		signOut('The API refused the token (401). Sign in again.');
	}
	if (!response.ok) {
		throw new ApiError(response.status, json);
	}
	return json;
}

async function download(path, filename) {
	const response = await fetch('..' + path, { headers: { 'X-API-Token': session.token }, credentials: 'omit' });
	if (!response.ok) {
		let body = null;
		try {
			body = await response.json();
		}
		catch (ignored) {
			body = null;
		}
		throw new ApiError(response.status, body);
	}
	const url = URL.createObjectURL(await response.blob());
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.appendChild(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- roles

const WRITE = ['admin'];
const RUN = ['admin', 'coordinator'];
const READ = ['admin', 'coordinator', 'viewer'];
const EVERYONE = ['admin', 'coordinator', 'viewer', 'participant'];

function can(roles) {
	return session.caller != null && roles.includes(session.caller.role);
}

// ---------------------------------------------------------------- labels

const METRICS = [['0', 'Count'], ['1', 'Rate'], ['2', 'Improvement'], ['3', 'Longest streak'], ['4', 'Sum of value']];
const SCOPES = [['0', 'Site'], ['1', 'Unit'], ['2', 'User'], ['3', 'Group'], ['4', 'Team']];
const COMPARATORS = [['0', '≥ threshold'], ['1', '≤ threshold']];
const TIERS = [['0', 'None'], ['1', 'Bronze'], ['2', 'Silver'], ['3', 'Gold'], ['4', 'Platinum']];
const REASONS = [['0', 'Earned'], ['1', 'Redeemed'], ['2', 'Expired'], ['3', 'Adjusted']];
const SPEND_REASONS = [['1', 'Redeem'], ['2', 'Expire'], ['3', 'Adjust']];
const RULE_TYPES = [['0', 'Distinct challenges won'], ['1', 'Consecutive wins'], ['2', 'Lifetime points'],
	['3', 'Activities of a kind'], ['4', 'Daily streak of a kind']];
const EVENT_TYPES = ['*', 'podium.points.recorded.v1', 'podium.points.removed.v1', 'podium.badge.granted.v1',
	'podium.badge.revoked.v1', 'podium.challenge.closed.v1', 'podium.job.finished.v1'];
const JOB_TYPES = ['compute', 'preview', 'close', 'autoclose', 'delete', 'expire-points', 'rule-backfill'];
const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

function label(pairs, value) {
	const found = pairs.find(([key]) => key === String(value));
	return found ? found[1] : String(value);
}

function when(text) {
	return text ? new Date(text).toLocaleString() : '';
}

function status(text) {
	return h('span', { class: 'status ' + text }, text);
}

function participant(type, id, name) {
	return (name ? name + ' ' : '') + '(' + label(SCOPES, type).toLowerCase() + ' ' + id + ')';
}

// ---------------------------------------------------------------- routing

function currentRoute() {
	const path = (location.hash || '#/').slice(1).split('?')[0];
	return path.split('/').filter((part) => part.length > 0);
}

function go(path) {
	location.hash = '#' + path;
}

function useRoute() {
	const [route, setRoute] = useState(currentRoute());
	useEffect(() => {
		const changed = () => setRoute(currentRoute());
		addEventListener('hashchange', changed);
		return () => removeEventListener('hashchange', changed);
	}, []);
	return route;
}

// ---------------------------------------------------------------- building blocks

// What `load` answers, loaded again when `deps` change or on `reload()`. With `pollWhile`, loaded again every
// half second while pollWhile(data) holds (a job queued or running, a delivery due): a failed poll shows its
// error, keeps the last data and is tried again.
function useLoad(load, deps, pollWhile) {
	const [state, setState] = useState({ data: null, error: null, loading: true });
	const [tick, setTick] = useState(0);
	useEffect(() => {
		let live = true;
		let timer = null;
		const again = (delay) => {
			timer = setTimeout(() => setTick((t) => t + 1), delay);
		};
		setState((s) => ({ ...s, loading: true }));
		load().then((data) => {
			if (live) {
				setState({ data, error: null, loading: false });
				if (pollWhile && pollWhile(data)) {
					again(500);
				}
			}
		}, (error) => {
			if (live) {
				setState((s) => ({ data: s.data, error, loading: false }));
				if (pollWhile && state.data != null && pollWhile(state.data)) {
					again(2000);
				}
			}
		});
		return () => {
			live = false;
			clearTimeout(timer);
		};
	}, [...deps, tick]);
	return { ...state, reload: () => setTick((t) => t + 1) };
}

function Alert({ error }) {
	if (!error) {
		return null;
	}
	const balance = error.body && error.body.balance !== undefined
		? h(Fragment, null, ' Current balance: ', h('strong', { class: 'balance' }, error.body.balance), '.') : null;
	return h('div', { class: 'alert', role: 'alert' }, h('strong', null, error.status ? error.status + ' ' : ''),
		error.message, error.field ? ' (' + error.field + ')' : '', balance);
}

function Notice({ children }) {
	return children ? h('div', { class: 'notice', role: 'status' }, children) : null;
}

function Loaded({ state, children }) {
	if (state.error) {
		return h(Alert, { error: state.error });
	}
	if (state.loading && state.data == null) {
		return h('p', { role: 'status', id: 'loading' }, 'Loading…');
	}
	return children(state.data);
}

// A page's feedback: the last error (the API's answer) and the last notice. `act` runs one call and shows
// its error, or the notice that `done` answers for its result.
function useFeedback() {
	const [error, setError] = useState(null);
	const [notice, setNotice] = useState(null);
	const act = async (call, done) => {
		setError(null);
		setNotice(null);
		try {
			const answer = await call();
			const said = done ? done(answer) : null;
			if (typeof said === 'string') {
				setNotice(said);
			}
		}
		catch (failure) {
			setError(failure);
		}
	};
	return { act, setNotice, shown: h(Fragment, null, h(Alert, { error }), h(Notice, null, notice)) };
}

// A form whose fields are described by records: {name, label, type, options, required, hint}. An API error
// naming one of the fields is shown beside it (and the field gets focus); any other error above the button.
function Form({ id, title, fields, initial, submit, onSubmit, className, onDone, focus }) {
	const [values, setValues] = useState(() => ({ ...defaults(fields), ...(initial || {}) }));
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	const root = useRef(null);
	const set = (name, value) => setValues((v) => ({ ...v, [name]: value }));
	const fieldError = error && fields.some((f) => f.name === errorField(error)) ? error : null;
	useEffect(() => {
		if (fieldError && root.current) {
			const input = root.current.querySelector('[name="' + errorField(fieldError) + '"]');
			if (input) {
				input.focus();
			}
		}
	}, [error]);
	useEffect(() => {
		const first = focus && root.current && root.current.querySelector('input, select, textarea');
		if (first) {
			first.focus();
		}
	}, []);
	const submitted = async (event) => {
		event.preventDefault();
		setBusy(true);
		setError(null);
		try {
			const answer = await onSubmit(values);
			if (onDone) {
				onDone(answer);
			}
		}
		catch (failure) {
			setError(failure instanceof ApiError ? failure : new ApiError(0, { error: String(failure) }));
		}
		finally {
			setBusy(false);
		}
	};
	return h('form', { id, class: className || 'card', ref: root, onSubmit: submitted, noValidate: true },
		title ? h('h2', null, title) : null,
		h('div', { class: 'fields' }, fields.map((field) => h(Field, {
			form: id, field, value: values[field.name], set,
			error: fieldError && errorField(fieldError) === field.name ? fieldError : null,
		}))),
		fieldError ? null : h(Alert, { error }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', disabled: busy, id: id + '-submit' },
			busy ? 'Working…' : submit)));
}

// insufficient_points names no field: it is about the points asked for.
function errorField(error) {
	return error.field || (error.code === 'insufficient_points' ? 'points' : null);
}

function defaults(fields) {
	const values = {};
	for (const field of fields) {
		values[field.name] = field.type === 'checkbox' ? (field.checked ?? false)
			: field.type === 'multi' || field.type === 'bands' ? (field.initial || []) : (field.initial ?? '');
	}
	return values;
}

function Field({ form, field, value, set, error }) {
	const id = form + '-' + field.name;
	const errorId = id + '-error';
	const hintId = id + '-hint';
	const described = [field.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
	const common = { id, name: field.name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described,
		required: field.required, disabled: field.disabled };
	let input;
	if (field.type === 'bands') {
		return h(BandsField, { id, field, value, set, error, errorId, hintId });
	}
	if (field.type === 'checkbox') {
		input = h('input', { ...common, type: 'checkbox', checked: !!value, onChange: (e) => set(field.name, e.target.checked) });
		return h('div', { class: 'field check' }, input, h('label', { for: id }, field.label),
			error ? h('span', { class: 'field-error', id: errorId, role: 'alert' }, error.message) : null);
	}
	if (field.type === 'select') {
		input = h('select', { ...common, value, onChange: (e) => set(field.name, e.target.value) },
			field.optional ? h('option', { value: '' }, field.optional) : null,
			field.options.map(([key, text]) => h('option', { value: key }, text)));
	}
	else if (field.type === 'multi') {
		const chosen = value || [];
		input = h('fieldset', { id, 'aria-describedby': described },
			h('legend', { class: 'hint' }, 'choose one or more'),
			field.options.map((option) => h('label', { class: 'field check' },
				h('input', { type: 'checkbox', name: field.name, value: option, checked: chosen.includes(option),
					onChange: (e) => set(field.name, e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option)) }),
				option)));
	}
	else if (field.type === 'textarea') {
		input = h('textarea', { ...common, value, onInput: (e) => set(field.name, e.target.value) });
	}
	else {
		input = h('input', { ...common, type: field.type || 'text', value, autocomplete: field.autocomplete || 'off',
			inputMode: field.type === 'number' ? 'decimal' : undefined, step: field.type === 'number' ? 'any' : undefined,
			onInput: (e) => set(field.name, e.target.value) });
	}
	return h('div', { class: 'field' }, h('label', { for: id }, field.label, field.required ? ' (required)' : ''),
		input, field.hint ? h('span', { class: 'hint', id: hintId }, field.hint) : null,
		error ? h('span', { class: 'field-error', id: errorId, role: 'alert' }, error.message,
			error.body.balance !== undefined ? h(Fragment, null, ' Current balance: ',
				h('strong', { class: 'balance' }, error.body.balance), '.') : null) : null);
}

// The values a form sends: empty fields are left out (the API keeps or defaults them), numbers as numbers,
// checkboxes as 0/1; with `before`, only the fields that changed.
function sent(fields, values, before) {
	const body = {};
	for (const field of fields) {
		let value = values[field.name];
		if (field.type === 'checkbox') {
			value = value ? 1 : 0;
		}
		else if (field.type === 'multi') {
			if (!value || value.length === 0) {
				continue;
			}
		}
		else if (field.type === 'bands') {
			value = bandsSent(value);
			if (value.length === 0 && !(before && before[field.name] && before[field.name].length > 0)) {
				continue;
			}
		}
		else if (value === '' || value === undefined || value === null) {
			if (before && before[field.name] !== '' && before[field.name] != null && field.clearable) {
				body[field.name] = null;
			}
			continue;
		}
		else if (field.type === 'number' || (field.type === 'select' && field.options.every(([key]) => /^\d+$/.test(key)))) {
			value = Number(value);
			if (Number.isNaN(value)) {
				value = values[field.name];
			}
		}
		if (before && same(before[field.name], value, field)) {
			continue;
		}
		body[field.name] = value;
	}
	return body;
}

function same(before, value, field) {
	if (field.type === 'checkbox') {
		return (before ? 1 : 0) === value;
	}
	if (field.type === 'bands') {
		return JSON.stringify(bandsSent(before || [])) === JSON.stringify(value);
	}
	return before != null && String(before) === String(value);
}

// Payout bands (decision 16) as rows of from-rank, to-rank and points: rows left wholly empty are not sent, and
// numbers go as numbers (anything else as typed, for the API to name). Every refusal names `payoutbands`.
const BAND_PARTS = [['fromrank', 'From rank'], ['torank', 'To rank'], ['points', 'Points each']];

function bandsSent(rows) {
	return rows.filter((row) => BAND_PARTS.some(([part]) => String(row[part] ?? '').trim() !== ''))
		.map((row) => Object.fromEntries(BAND_PARTS.map(([part]) => {
			const text = String(row[part] ?? '').trim();
			return [part, text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text];
		})));
}

function BandsField({ id, field, value, set, error, errorId, hintId }) {
	const rows = value || [];
	const root = useRef(null);
	const added = useRef(false);
	useEffect(() => {
		if (added.current && root.current) {
			added.current = false;
			const inputs = root.current.querySelectorAll('input[data-part="fromrank"]');
			if (inputs.length > 0) {
				inputs[inputs.length - 1].focus();
			}
		}
	}, [rows.length]);
	const change = (index, part, text) => set(field.name, rows.map((row, i) => (i === index ? { ...row, [part]: text } : row)));
	const add = () => {
		added.current = true;
		set(field.name, [...rows, { fromrank: '', torank: '', points: '' }]);
	};
	const remove = (index) => {
		set(field.name, rows.filter((row, i) => i !== index));
		const button = document.getElementById(id + '-add');
		if (button) {
			button.focus();
		}
	};
	const described = [field.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
	return h('fieldset', { class: 'field bands', id, name: field.name, tabIndex: -1, ref: root, 'aria-describedby': described },
		h('legend', null, field.label),
		field.hint ? h('span', { class: 'hint', id: hintId }, field.hint) : null,
		rows.length === 0 ? h('p', { class: 'hint', id: id + '-none' }, 'No bands: every winner gets the reward points.') : null,
		rows.map((row, index) => h('div', { class: 'row band', role: 'group', 'aria-label': 'band ' + (index + 1), id: id + '-' + index },
			BAND_PARTS.map(([part, text]) => h('div', { class: 'field' },
				h('label', { for: id + '-' + index + '-' + part }, text),
				h('input', { id: id + '-' + index + '-' + part, 'data-part': part, type: 'number', inputMode: 'numeric', min: 1, step: 1,
					value: row[part] ?? '', 'aria-invalid': error ? 'true' : undefined, autocomplete: 'off',
					onInput: (e) => change(index, part, e.target.value) }))),
			h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: id + '-' + index + '-remove',
				onClick: () => remove(index) }, 'Remove band ' + (index + 1))))),
		h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: id + '-add', onClick: add }, 'Add band')),
		error ? h('span', { class: 'field-error', id: errorId, role: 'alert' }, error.message) : null);
}

function bandsText(bands) {
	return (bands || []).map((b) => 'ranks ' + ranks(b) + ': ' + b.points + ' points each').join('; ');
}

function ranks(band) {
	return band.fromrank === band.torank ? String(band.fromrank) : band.fromrank + '–' + band.torank;
}

function Table({ caption, columns, rows, empty, id }) {
	if (!rows || rows.length === 0) {
		return h('p', { class: 'hint', id }, empty || 'Nothing yet.');
	}
	return h('div', { class: 'table-wrap' }, h('table', { id },
		caption ? h('caption', null, caption) : null,
		h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label)))),
		h('tbody', null, rows.map((row) => h('tr', { id: id && row.id != null ? id + '-row-' + row.id : undefined },
			columns.map((c) => h('td', { class: c.num ? 'num' : undefined, 'data-label': c.label },
				c.render ? c.render(row) : format(row[c.key]))))))));
}

function format(value) {
	if (value === null || value === undefined) {
		return '';
	}
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function Pager({ page, perPage, total, onPage }) {
	const pages = Math.max(1, Math.ceil(total / perPage));
	return h('nav', { class: 'pager', 'aria-label': 'pages' },
		h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onClick: () => onPage(page - 1) }, 'Previous'),
		h('span', null, 'Page ' + page + ' of ' + pages + ' (' + total + ' rows)'),
		h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onClick: () => onPage(page + 1) }, 'Next'));
}

// A confirmation in a modal <dialog>: focus moves into it, Escape cancels.
function Confirm({ id, text, confirm, onConfirm, onCancel, danger }) {
	const dialog = useRef(null);
	useEffect(() => {
		const element = dialog.current;
		if (element && !element.open) {
			element.showModal();
		}
		return () => element && element.open && element.close();
	}, []);
	return h('dialog', { id, ref: dialog, 'aria-labelledby': id + '-text', onCancel: (e) => { e.preventDefault(); onCancel(); } },
		h('p', { id: id + '-text' }, text),
		h('div', { class: 'actions' },
			h('button', { type: 'button', id: id + '-confirm', class: danger ? 'danger' : undefined, onClick: onConfirm }, confirm),
			h('button', { type: 'button', class: 'secondary', onClick: onCancel, autofocus: true }, 'Cancel')));
}

function Heading({ children }) {
	const heading = useRef(null);
	useEffect(() => heading.current && heading.current.focus(), []);
	return h('h1', { tabIndex: -1, ref: heading }, children);
}

function running(jobs) {
	return jobs.some((job) => job.status === 'queued' || job.status === 'running');
}

function JobsTable({ jobs, id, onCancel }) {
	return h(Table, { id, caption: 'Jobs, newest first', rows: jobs, empty: 'No jobs yet.', columns: [
		{ label: 'Job', key: 'id', num: true },
		{ label: 'Type', key: 'type' },
		{ label: 'Status', render: (job) => status(job.status) },
		{ label: 'Progress', render: (job) => h(Fragment, null,
			h('progress', { max: 100, value: job.progress, 'aria-label': 'job ' + job.id + ' progress' }), ' ', job.progress + '%') },
		{ label: 'Result', render: (job) => job.error ? job.error.error : format(job.result) },
		{ label: 'Created', render: (job) => when(job.createdat) },
		...(onCancel && can(WRITE) ? [{ label: 'Actions', render: (job) => job.status === 'queued' || job.status === 'running'
			? h('button', { type: 'button', class: 'secondary', onClick: () => onCancel(job) }, 'Cancel') : null }] : []),
	] });
}

// ---------------------------------------------------------------- sign in

function signOut(message) {
	session.token = null;
	session.caller = null;
	sessionStorage.removeItem(TOKEN_KEY);
	renderApp(message);
}

function Login({ message }) {
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	const input = useRef(null);
	useEffect(() => input.current && input.current.focus(), []);
	const submitted = async (event) => {
		event.preventDefault();
		const token = input.current.value.trim();
		setBusy(true);
		setError(null);
		session.token = token;
		try {
			session.caller = await api('GET', '/me');
			sessionStorage.setItem(TOKEN_KEY, token);
			if (!location.hash || location.hash === '#/') {
				location.hash = session.caller.role === 'participant' ? '#/profile' : '#/challenges';
			}
			renderApp();
		}
		catch (failure) {
			session.token = null;
			setError(failure);
			setBusy(false);
		}
	};
	return h('main', { id: 'main' }, h('form', { class: 'card login', id: 'login', onSubmit: submitted },
		h('h1', null, 'Podium console'),
		h('p', null, 'Sign in with an API token. It stays in this browser tab and is sent only to this server.'),
		message ? h('div', { class: 'alert', role: 'alert' }, message) : null,
		h('div', { class: 'field' }, h('label', { for: 'token' }, 'API token'),
			h('input', { id: 'token', name: 'token', type: 'password', ref: input, required: true, autocomplete: 'off',
				spellcheck: false, 'aria-describedby': error ? 'token-error' : undefined, 'aria-invalid': error ? 'true' : undefined }),
			error ? h('span', { class: 'field-error', id: 'token-error', role: 'alert' }, error.message) : null),
		h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sign-in', disabled: busy }, 'Sign in'))));
}

// ---------------------------------------------------------------- challenges

const CHALLENGE_FIELDS = [
	{ name: 'name', label: 'Name', required: true },
	{ name: 'description', label: 'Description', type: 'textarea' },
	{ name: 'metric', label: 'Metric', type: 'select', options: METRICS, initial: '0' },
	{ name: 'scope', label: 'Participants scored', type: 'select', options: SCOPES, initial: '2' },
	{ name: 'scopeid', label: 'One participant only (id)', type: 'number', clearable: true },
	{ name: 'threshold', label: 'Threshold', type: 'number', initial: '1' },
	{ name: 'comparator', label: 'Comparator', type: 'select', options: COMPARATORS, initial: '0' },
	{ name: 'startdate', label: 'Start date', type: 'date', required: true },
	{ name: 'enddate', label: 'End date', type: 'date', required: true },
	{ name: 'rewardpoints', label: 'Reward points', type: 'number', initial: '0', hint: 'paid to a winner outside every payout band' },
	{ name: 'maxwinners', label: 'Most winners (cap)', type: 'number', clearable: true,
		hint: 'empty: no cap; a tie group wins only if all of it fits under the cap' },
	{ name: 'payoutbands', label: 'Payout bands by rank', type: 'bands',
		hint: 'participants tied on a rank are all paid the band of that rank' },
	{ name: 'rewardbadgeid', label: 'Reward badge (id)', type: 'number', clearable: true },
	{ name: 'priorperiodstart', label: 'Prior period start (improvement)', type: 'date', clearable: true },
	{ name: 'priorperiodend', label: 'Prior period end (improvement)', type: 'date', clearable: true },
	{ name: 'streakthreshold', label: 'Streak threshold, % (longest streak)', type: 'number', clearable: true },
	{ name: 'groupfilter', label: 'Group filter', clearable: true },
	{ name: 'rulejson', label: 'Activity filter', hint: 'key=v1,v2;key2=v3', clearable: true },
	{ name: 'autoclose', label: 'Close automatically after the end date', type: 'checkbox' },
	{ name: 'active', label: 'Active', type: 'checkbox', checked: true },
];

function ChallengesPage() {
	const [filter, setFilter] = useState({ search: '', status: '', page: 1 });
	const perPage = 20;
	const list = useLoad(() => api('GET', '/challenges' + query({ ...filter, perPage })), [filter.search, filter.status, filter.page]);
	return h(Fragment, null, h(Heading, null, 'Challenges'),
		h('form', { class: 'card row', role: 'search', onSubmit: (e) => e.preventDefault() },
			h('div', { class: 'field' }, h('label', { for: 'challenge-search' }, 'Search by name'),
				h('input', { id: 'challenge-search', type: 'search', value: filter.search,
					onInput: (e) => setFilter({ ...filter, search: e.target.value, page: 1 }) })),
			h('div', { class: 'field' }, h('label', { for: 'challenge-status' }, 'Status'),
				h('select', { id: 'challenge-status', value: filter.status, onChange: (e) => setFilter({ ...filter, status: e.target.value, page: 1 }) },
					h('option', { value: '' }, 'Any'), ['active', 'closed', 'inactive'].map((s) => h('option', { value: s }, s)))),
			can(WRITE) ? h('a', { class: 'button', href: '#/challenges/new', id: 'new-challenge' }, 'New challenge') : null),
		h(Loaded, { state: list }, (page) => h(Fragment, null,
			h(Table, { id: 'challenges', rows: page.rows, empty: 'No challenge matches.', columns: [
				{ label: 'Name', render: (c) => h('a', { href: '#/challenges/' + c.id }, c.name) },
				{ label: 'Status', render: (c) => status(c.status) },
				{ label: 'Metric', render: (c) => label(METRICS, c.metric) },
				{ label: 'From', key: 'startdate' },
				{ label: 'To', key: 'enddate' },
				{ label: 'Points', key: 'rewardpoints', num: true },
			] }),
			h(Pager, { page: page.page, perPage, total: page.totalrows, onPage: (p) => setFilter({ ...filter, page: p }) }))));
}

function NewChallengePage() {
	return h(Fragment, null, h(Heading, null, 'New challenge'),
		h(Form, { id: 'challenge-form', fields: CHALLENGE_FIELDS, submit: 'Create challenge',
			onSubmit: (values) => api('POST', '/challenges', sent(CHALLENGE_FIELDS, values)),
			onDone: (answer) => go('/challenges/' + answer.id) }));
}

// A record's values as a form holds them: text, and flags (0/1) as checkboxes.
function formValues(fields, record) {
	const values = {};
	for (const field of fields) {
		const value = record[field.name];
		values[field.name] = field.type === 'checkbox' ? value === 1
			: field.type === 'bands' ? (value || []).map((band) => Object.fromEntries(BAND_PARTS.map(([part]) => [part, String(band[part])])))
				: (value == null ? '' : String(value));
	}
	return values;
}

function editable(challenge) {
	return formValues(CHALLENGE_FIELDS, challenge);
}

function ChallengePage({ id }) {
	const loaded = useLoad(() => api('GET', '/challenges' + query({ id })), [id]);
	const challengeJobs = useLoad(() => api('GET', '/jobs' + query({ challengeid: id, perPage: 50 })).then((page) => page.rows),
		[id], running);
	const jobs = challengeJobs.data || [];
	const [editing, setEditing] = useState(false);
	const [asking, setAsking] = useState(null);
	const [error, setError] = useState(null);
	const [notice, setNotice] = useState(null);
	const [preview, setPreview] = useState(null);
	const latest = useRef({});

	// A job's end reloads the challenge; a preview's end shows what a close would award.
	useEffect(() => {
		for (const job of jobs) {
			const before = latest.current[job.id];
			if (before && before !== job.status && (job.status === 'succeeded' || job.status === 'failed')) {
				loaded.reload();
				if (job.type === 'preview' && job.status === 'succeeded') {
					showPreview(job);
				}
				if (job.type === 'delete' && job.status === 'succeeded') {
					go('/challenges');
				}
			}
			latest.current[job.id] = job.status;
		}
	}, [challengeJobs.data]);

	const showPreview = (job) => setPreview({ job });

	const run = async (action, extra) => {
		setError(null);
		setNotice(null);
		setAsking(null);
		try {
			const answer = await api('POST', '/challenges/' + action + query({ id, ...(extra || {}) }));
			if (action === 'clone') {
				go('/challenges/' + answer.id);
				return;
			}
			latest.current[answer.jobid] = answer.status;
			setNotice(action + ' queued as job ' + answer.jobid + '.');
			challengeJobs.reload();
		}
		catch (failure) {
			setError(failure);
		}
	};

	const remove = async () => {
		setAsking(null);
		try {
			const answer = await api('DELETE', '/challenges' + query({ id }));
			if (answer.jobid) {
				latest.current[answer.jobid] = answer.status;
				setNotice('delete queued as job ' + answer.jobid + '.');
				challengeJobs.reload();
			}
			else {
				go('/challenges');
			}
		}
		catch (failure) {
			setError(failure);
		}
	};

	return h(Loaded, { state: loaded }, ({ challenge }) => h(Fragment, null,
		h(Heading, null, challenge.name),
		h('div', { class: 'stats', id: 'challenge-stats' },
			h(Stat, { name: 'Status', value: status(challenge.status), id: 'challenge-status-value' }),
			h(Stat, { name: 'Participants', value: challenge.participants, id: 'challenge-participants' }),
			h(Stat, { name: 'Winners so far', value: challenge.winners, id: 'challenge-winners' }),
			h(Stat, { name: 'Most winners (cap)', value: cap(challenge.maxwinners), id: 'challenge-maxwinners' }),
			h(Stat, { name: 'Reward', value: challenge.rewardpoints + ' points' })),
		h('div', { class: 'actions', role: 'group', 'aria-label': 'challenge actions' },
			can(RUN) && !challenge.closed ? h('button', { type: 'button', id: 'compute', onClick: () => run('compute') }, 'Compute results') : null,
			can(RUN) && !challenge.closed ? h('button', { type: 'button', id: 'preview', onClick: () => run('preview') }, 'Preview close') : null,
			can(WRITE) && !challenge.closed ? h('button', { type: 'button', id: 'close', class: 'danger', onClick: () => setAsking('close') }, 'Close challenge') : null,
			can(WRITE) ? h('button', { type: 'button', id: 'clone', class: 'secondary', onClick: () => run('clone') }, 'Clone') : null,
			can(WRITE) ? h('button', { type: 'button', id: 'edit', class: 'secondary', 'aria-expanded': String(editing), onClick: () => setEditing(!editing) }, editing ? 'Stop editing' : 'Edit') : null,
			can(WRITE) ? h('button', { type: 'button', id: 'delete', class: 'secondary', onClick: () => setAsking('delete') }, 'Delete') : null,
			can(READ) ? h('a', { class: 'button secondary', href: '#/challenges/' + id + '/results', id: 'results-link' }, 'Results') : null),
		asking === 'close' ? h(Confirm, { id: 'confirm-close', danger: true, confirm: 'Close and award',
			text: 'Close “' + challenge.name + '”? Its ' + challenge.winners + ' winners'
				+ (challenge.maxwinners != null ? ' (at most ' + challenge.maxwinners + ': a tie that does not fit under the cap wins nothing)' : '')
				+ ' each get ' + (challenge.payoutbands && challenge.payoutbands.length > 0
					? 'the points of their payout band (' + challenge.rewardpoints + ' outside the bands)' : challenge.rewardpoints + ' points')
				+ ' (and its badge) once; a closed challenge cannot be reopened. Preview close shows who would win.',
			onConfirm: () => run('close'), onCancel: () => setAsking(null) }) : null,
		asking === 'delete' ? h(Confirm, { id: 'confirm-delete', danger: true, confirm: 'Delete',
			text: 'Delete “' + challenge.name + '” and its results?', onConfirm: remove, onCancel: () => setAsking(null) }) : null,
		h(Alert, { error }), h(Notice, null, notice),
		preview ? h(PreviewPanel, { result: preview.job.result }) : null,
		editing ? h(Form, { id: 'challenge-form', focus: true, title: 'Settings', fields: CHALLENGE_FIELDS, initial: editable(challenge), submit: 'Save changes',
			onSubmit: (values) => api('PUT', '/challenges' + query({ id }), sent(CHALLENGE_FIELDS, values, editable(challenge))),
			onDone: () => {
				setEditing(false);
				setNotice('Saved.');
				loaded.reload();
			} }) : h('section', { class: 'card' }, h('h2', null, 'Settings'), h(Facts, { challenge })),
		h('section', { class: 'card', 'aria-live': 'polite' }, h('h2', null, 'Jobs'), h(Alert, { error: challengeJobs.error }),
			h(JobsTable, { jobs, id: 'challenge-jobs' }))));
}

// What a preview job answered (decision 16): the totals, the cap and what it cut, each band's figures, the
// winners outside every band, and the first winners with the points each would get.
function PreviewPanel({ result }) {
	const unbanded = result.unbanded || { winners: result.winners, pointseach: result.pointseach, points: result.points };
	return h('section', { class: 'card', id: 'preview-result', 'aria-live': 'polite' },
		h('h2', null, 'Preview: what a close would award now'),
		h('dl', { class: 'facts' },
			h('dt', null, 'Winners'), h('dd', { id: 'preview-winners' }, result.winners),
			h('dt', null, 'Points in all'), h('dd', { id: 'preview-points' }, result.points),
			h('dt', null, 'Most winners (cap)'), h('dd', { id: 'preview-maxwinners' }, cap(result.maxwinners)),
			h('dt', null, 'Cut by the cap'), h('dd', { id: 'preview-cutbycap' }, result.cutbycap ?? 0),
			h('dt', null, 'Winners outside every band'), h('dd', { id: 'preview-unbanded' },
				unbanded.winners + ' × ' + unbanded.pointseach + ' points = ' + unbanded.points)),
		(result.bands || []).length > 0 ? h(Table, { id: 'preview-bands', caption: 'Payout bands', rows: result.bands.map((b) => ({ ...b, id: b.fromrank })),
			columns: [
				{ label: 'Ranks', render: ranks },
				{ label: 'Points each', key: 'pointseach', num: true },
				{ label: 'Winners', key: 'winners', num: true },
				{ label: 'Points', key: 'points', num: true },
			] }) : null,
		h(Table, { id: 'projected-winners', caption: 'Projected winners (first ' + (result.listed || []).length + ')', rows: result.listed,
			empty: 'Nobody wins.', columns: [...RESULT_COLUMNS.filter((c) => c.label !== 'Met'), { label: 'Points', key: 'points', num: true }] }));
}

function cap(maxWinners) {
	return maxWinners == null ? 'no cap' : maxWinners;
}

function Stat({ name, value, id }) {
	return h('div', { class: 'stat' }, h('div', { class: 'hint' }, name), h('div', { class: 'value', id }, value));
}

function Facts({ challenge }) {
	const rows = [['Description', challenge.description], ['Metric', label(METRICS, challenge.metric)],
		['Participants scored', label(SCOPES, challenge.scope) + (challenge.scopeid != null ? ' ' + challenge.scopeid : '')],
		['Threshold', label(COMPARATORS, challenge.comparator).replace('threshold', String(challenge.threshold))],
		['Dates', challenge.startdate + ' to ' + challenge.enddate], ['Reward badge', challenge.rewardbadgeid],
		['Payout bands', bandsText(challenge.payoutbands) || 'none: every winner gets the reward points'],
		['Most winners', cap(challenge.maxwinners)],
		['Activity filter', challenge.rulejson], ['Group filter', challenge.groupfilter],
		['Auto-close', challenge.autoclose ? 'yes' : 'no'], ['Active', challenge.active ? 'yes' : 'no'],
		['Closed', challenge.closedat ? when(challenge.closedat) : 'no']];
	return h('dl', { class: 'facts', id: 'challenge-facts' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
		.map(([k, v]) => h(Fragment, null, h('dt', null, k), h('dd', null, String(v)))));
}

const RESULT_COLUMNS = [
	{ label: 'Rank', key: 'rank', num: true },
	{ label: 'Participant', render: (r) => participant(r.participanttype, r.participantid, r.name) },
	{ label: 'Value', key: 'metricvalue', num: true },
	{ label: 'Met', render: (r) => (r.met ? 'yes' : 'no') },
];

function ResultsPage({ id }) {
	const [page, setPage] = useState(1);
	const [error, setError] = useState(null);
	const perPage = 50;
	const results = useLoad(() => api('GET', '/challenges/results' + query({ id, page, perPage })), [id, page]);
	const challenge = useLoad(() => api('GET', '/challenges' + query({ id })), [id]);
	return h(Fragment, null, h(Heading, null, 'Results of ' + (challenge.data ? '“' + challenge.data.challenge.name + '”' : 'challenge ' + id)),
		h('div', { class: 'actions' },
			h('a', { class: 'button secondary', href: '#/challenges/' + id }, 'Back to the challenge'),
			h('button', { type: 'button', id: 'download-csv', onClick: () => download('/challenges/results.csv' + query({ id }),
				'challenge-' + id + '-results.csv').catch(setError) }, 'Download CSV')),
		h(Alert, { error }),
		h(Loaded, { state: results }, (answer) => h(Fragment, null,
			h(Table, { id: 'leaderboard', caption: 'Leaderboard, winners first', rows: answer.rows, empty: 'No results yet: compute them.',
				columns: [...RESULT_COLUMNS, { label: 'Computed', render: (r) => when(r.computedat) }] }),
			h(Pager, { page: answer.page, perPage, total: answer.totalrows, onPage: setPage }))));
}

// ---------------------------------------------------------------- points

const SPEND_FIELDS = [
	{ name: 'participanttype', label: 'Participant type', type: 'select', options: SCOPES, initial: '2' },
	{ name: 'participantid', label: 'Participant id', type: 'number', required: true },
	{ name: 'points', label: 'Points', type: 'number', required: true },
	{ name: 'reason', label: 'Reason', type: 'select', options: SPEND_REASONS, initial: '1' },
	{ name: 'direction', label: 'Direction (adjustments only)', type: 'select', options: [['credit', 'Credit'], ['debit', 'Debit']], optional: '—' },
	{ name: 'notes', label: 'Notes' },
];

function PointsPage() {
	const own = session.caller.role === 'participant';
	const [filter, setFilter] = useState({ participanttype: '', participantid: '', challengeid: '', reason: '', from: '', to: '', page: 1 });
	const [draft, setDraft] = useState(filter);
	const [notice, setNotice] = useState(null);
	const perPage = 50;
	const ledger = useLoad(() => api('GET', '/challenges/points' + query({ ...filter, perPage })), [JSON.stringify(filter)]);
	const input = (name, text, type) => h('div', { class: 'field' }, h('label', { for: 'ledger-' + name }, text),
		h('input', { id: 'ledger-' + name, type: type || 'text', value: draft[name], onInput: (e) => setDraft({ ...draft, [name]: e.target.value }) }));
	return h(Fragment, null, h(Heading, null, own ? 'My points' : 'Points ledger'),
		own ? null : h('form', { class: 'card', role: 'search', onSubmit: (e) => {
			e.preventDefault();
			setFilter({ ...draft, page: 1 });
		} }, h('div', { class: 'fields' },
			h('div', { class: 'field' }, h('label', { for: 'ledger-participanttype' }, 'Participant type'),
				h('select', { id: 'ledger-participanttype', value: draft.participanttype, onChange: (e) => setDraft({ ...draft, participanttype: e.target.value }) },
					h('option', { value: '' }, 'Any'), SCOPES.map(([k, v]) => h('option', { value: k }, v)))),
			input('participantid', 'Participant id', 'number'), input('challengeid', 'Challenge id', 'number'),
			h('div', { class: 'field' }, h('label', { for: 'ledger-reason' }, 'Reason'),
				h('select', { id: 'ledger-reason', value: draft.reason, onChange: (e) => setDraft({ ...draft, reason: e.target.value }) },
					h('option', { value: '' }, 'Any'), REASONS.map(([k, v]) => h('option', { value: k }, v)))),
			input('from', 'From', 'date'), input('to', 'To', 'date')),
		h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'ledger-filter' }, 'Filter'))),
		h(Loaded, { state: ledger }, (page) => h(Fragment, null,
			h('div', { class: 'stats' }, h(Stat, { name: 'Points over the filter', value: page.totalpoints, id: 'ledger-total' }),
				h(Stat, { name: 'Rows', value: page.totalrows })),
			h(Table, { id: 'ledger', caption: 'Ledger rows, newest first', rows: page.rows, empty: 'No ledger rows.', columns: [
				{ label: 'When', render: (r) => when(r.createdat) },
				{ label: 'Participant', render: (r) => participant(r.participanttype, r.participantid, r.participantname) },
				{ label: 'Points', key: 'points', num: true },
				{ label: 'Reason', key: 'reasonlabel' },
				{ label: 'Challenge', render: (r) => r.challengeid ? h('a', { href: '#/challenges/' + r.challengeid }, r.challengeid) : '' },
				{ label: 'Notes', key: 'notes' },
			] }),
			h(Pager, { page: page.page, perPage, total: page.totalrows, onPage: (p) => setFilter({ ...filter, page: p }) }))),
		can(WRITE) ? h(Fragment, null, h(Notice, null, notice), h(Form, { id: 'spend-form', title: 'Redeem, expire or adjust', fields: SPEND_FIELDS, submit: 'Record',
			onSubmit: (values) => api('POST', '/challenges/points/spend', sent(SPEND_FIELDS, values)),
			onDone: (answer) => {
				setNotice('Recorded ' + answer.row.points + ' points; the balance is now ' + answer.balance + '.');
				ledger.reload();
			} })) : null);
}

// ---------------------------------------------------------------- badges and rules

const BADGE_FIELDS = [
	{ name: 'name', label: 'Name', required: true },
	{ name: 'description', label: 'Description', type: 'textarea' },
	{ name: 'tier', label: 'Tier', type: 'select', options: TIERS, initial: '0' },
	{ name: 'category', label: 'Category' },
	{ name: 'icon', label: 'Icon' },
	{ name: 'colour', label: 'Colour', hint: '#RRGGBB', clearable: true },
	{ name: 'iconurl', label: 'Icon URL', type: 'url', clearable: true },
	{ name: 'lockediconurl', label: 'Locked icon URL', type: 'url', clearable: true },
	{ name: 'active', label: 'Active', type: 'checkbox', checked: true },
];

const GRANT_FIELDS = [
	{ name: 'badgeid', label: 'Badge id', type: 'number', required: true },
	{ name: 'participanttype', label: 'Participant type', type: 'select', options: SCOPES, initial: '2' },
	{ name: 'participantid', label: 'Participant id', type: 'number', required: true },
	{ name: 'notes', label: 'Notes' },
];

function badgeValues(badge) {
	return formValues(BADGE_FIELDS, badge);
}

function BadgesPage() {
	const participantCaller = session.caller.role === 'participant';
	const [page, setPage] = useState(1);
	const [editing, setEditing] = useState(null);
	const { act, setNotice, shown } = useFeedback();
	const badges = useLoad(() => participantCaller ? Promise.resolve(null) : api('GET', '/badges' + query({ page, perPage: 50 })), [page]);
	const grants = useLoad(() => api('GET', '/challenges/badges' + query({ perPage: 50 })), []);
	const revoke = (grant) => act(() => api('POST', '/badges/revoke', { grantid: grant.id, reason: 'revoked in the console' }),
		() => {
			grants.reload();
			return 'Grant ' + grant.id + ' revoked.';
		});
	const remove = (badge) => act(() => api('DELETE', '/badges' + query({ id: badge.id })), () => {
		badges.reload();
		return 'Badge ' + badge.name + ' deactivated.';
	});
	return h(Fragment, null, h(Heading, null, participantCaller ? 'My badges' : 'Badges and tiers'), shown,
		participantCaller ? null : h(Loaded, { state: badges }, (answer) => h(Fragment, null,
			h(Table, { id: 'badges', rows: answer.rows, empty: 'No badges yet.', columns: [
				{ label: 'Id', key: 'id', num: true },
				{ label: 'Name', key: 'name' },
				{ label: 'Tier', render: (b) => label(TIERS, b.tier) },
				{ label: 'Category', key: 'category' },
				{ label: 'Active', render: (b) => (b.active ? 'yes' : 'no') },
				{ label: 'Shared', render: (b) => (b.global ? 'all organisations' : '') },
				...(can(WRITE) ? [{ label: 'Actions', render: (b) => b.global ? null : h('span', { class: 'row' },
					h('button', { type: 'button', class: 'secondary', onClick: () => setEditing(b) }, 'Edit'),
					b.active ? h('button', { type: 'button', class: 'secondary', onClick: () => remove(b) }, 'Deactivate') : null) }] : []),
			] }),
			h(Pager, { page: answer.page, perPage: 50, total: answer.totalrows, onPage: setPage }))),
		h('h2', null, 'Grants'),
		h(Loaded, { state: grants }, (answer) => h(Table, { id: 'grants', caption: 'Newest first', rows: answer.rows, empty: 'No grants yet.', columns: [
			{ label: 'Badge', key: 'badgename' },
			{ label: 'Participant', render: (g) => participant(g.participanttype, g.participantid, g.name) },
			{ label: 'Source', render: (g) => g.source + (g.challengename ? ': ' + g.challengename : '') + (g.ruleid ? ' rule ' + g.ruleid : '') },
			{ label: 'Granted', render: (g) => when(g.grantedat) },
			{ label: 'Revoked', render: (g) => (g.revokedat ? when(g.revokedat) + ' (' + (g.revokereason || '') + ')' : '') },
			...(can(WRITE) ? [{ label: 'Actions', render: (g) => g.revokedat ? null : h('button', { type: 'button', class: 'secondary', onClick: () => revoke(g) }, 'Revoke') }] : []),
		] })),
		can(WRITE) && editing ? h(Form, { id: 'badge-edit-form', focus: true, key: 'edit-' + editing.id, title: 'Edit ' + editing.name, fields: BADGE_FIELDS,
			initial: badgeValues(editing), submit: 'Save badge',
			onSubmit: (values) => api('PUT', '/badges' + query({ id: editing.id }), sent(BADGE_FIELDS, values, badgeValues(editing))),
			onDone: () => {
				setEditing(null);
				setNotice('Badge saved.');
				badges.reload();
			} }) : null,
		can(WRITE) ? h(Form, { id: 'badge-form', title: 'New badge', fields: BADGE_FIELDS, submit: 'Create badge',
			onSubmit: (values) => api('POST', '/badges', sent(BADGE_FIELDS, values)),
			onDone: (answer) => {
				setNotice('Badge ' + answer.id + ' created.');
				badges.reload();
			} }) : null,
		can(WRITE) ? h(Form, { id: 'grant-form', title: 'Grant a badge', fields: GRANT_FIELDS, submit: 'Grant',
			onSubmit: (values) => api('POST', '/badges/grant', sent(GRANT_FIELDS, values)),
			onDone: () => {
				setNotice('Granted.');
				grants.reload();
			} }) : null);
}

const RULE_FIELDS = [
	{ name: 'badgeid', label: 'Badge id', type: 'number', required: true },
	{ name: 'ruletype', label: 'Rule', type: 'select', options: RULE_TYPES, initial: '0' },
	{ name: 'threshold', label: 'Threshold', type: 'number', required: true },
	{ name: 'kind', label: 'Activity kind (activity rules only)' },
];

function RulesPage() {
	const rules = useLoad(() => api('GET', '/badges/auto-rules' + query({ perPage: 100 })), []);
	// A back-fill and the preview of one are both rule-backfill jobs.
	const backfills = useLoad(() => api('GET', '/jobs' + query({ type: 'rule-backfill', perPage: 50 })), [], (page) => running(page.rows));
	const { act, setNotice, shown } = useFeedback();
	const previewOf = (rule) => act(() => api('POST', '/badges/auto-rules/preview' + query({ id: rule.id })), (answer) => {
		backfills.reload();
		return 'Back-fill preview of rule ' + rule.id + ' queued as job ' + answer.jobid + '.';
	});
	const remove = (rule) => act(() => api('DELETE', '/badges/auto-rules' + query({ id: rule.id })), () => {
		rules.reload();
		return 'Rule ' + rule.id + ' deleted; its grants stay.';
	});
	return h(Fragment, null, h(Heading, null, 'Badge auto-rules'), shown,
		h(Loaded, { state: rules }, (answer) => h(Table, { id: 'rules', rows: answer.rows, empty: 'No rules yet.', columns: [
			{ label: 'Id', key: 'id', num: true },
			{ label: 'Badge', render: (r) => r.badgename + ' (' + r.badgeid + ')' },
			{ label: 'Rule', render: (r) => label(RULE_TYPES, r.ruletype) + (r.kind ? ': ' + r.kind : '') },
			{ label: 'Threshold', key: 'threshold', num: true },
			{ label: 'Actions', render: (r) => h('span', { class: 'row' },
				can(RUN) ? h('button', { type: 'button', class: 'secondary', onClick: () => previewOf(r) }, 'Preview back-fill') : null,
				can(WRITE) ? h('button', { type: 'button', class: 'secondary', onClick: () => remove(r) }, 'Delete') : null) },
		] })),
		h('section', { class: 'card', 'aria-live': 'polite' }, h('h2', null, 'Back-fills and their previews'),
			h(Loaded, { state: backfills }, (page) => h(JobsTable, { jobs: page.rows, id: 'rule-jobs' }))),
		can(WRITE) ? h(Form, { id: 'rule-form', title: 'New rule (or new threshold of a badge’s rule)', fields: RULE_FIELDS, submit: 'Save rule',
			onSubmit: (values) => api('POST', '/badges/auto-rules', sent(RULE_FIELDS, values)),
			onDone: (answer) => {
				setNotice('Rule ' + answer.id + ' saved' + (answer.jobid ? '; back-fill job ' + answer.jobid + ' queued.' : '.'));
				rules.reload();
				backfills.reload();
			} }) : null);
}

// ---------------------------------------------------------------- participants, teams

function ProfilePage() {
	const own = session.caller.role === 'participant';
	const [who, setWho] = useState(own ? { participanttype: String(session.caller.participanttype), participantid: String(session.caller.participantid) }
		: { participanttype: '2', participantid: '' });
	const [draft, setDraft] = useState(who);
	const profile = useLoad(() => who.participantid === '' ? Promise.resolve(null)
		: api('GET', '/challenges/participant' + query(who)), [who.participanttype, who.participantid]);
	return h(Fragment, null, h(Heading, null, own ? 'My profile' : 'Participant profile'),
		own ? null : h('form', { class: 'card row', id: 'profile-lookup', onSubmit: (e) => {
			e.preventDefault();
			setWho(draft);
		} },
		h('div', { class: 'field' }, h('label', { for: 'profile-type' }, 'Participant type'),
			h('select', { id: 'profile-type', value: draft.participanttype, onChange: (e) => setDraft({ ...draft, participanttype: e.target.value }) },
				SCOPES.map(([k, v]) => h('option', { value: k }, v)))),
		h('div', { class: 'field' }, h('label', { for: 'profile-id' }, 'Participant id'),
			h('input', { id: 'profile-id', type: 'number', value: draft.participantid, onInput: (e) => setDraft({ ...draft, participantid: e.target.value }) })),
		h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show'))),
		who.participantid === '' ? h('p', { class: 'hint' }, 'Choose a participant.') : h(Loaded, { state: profile }, (p) => p == null ? null : h(Fragment, null,
			h('h2', null, participant(p.participanttype, p.participantid, p.name)),
			h('div', { class: 'stats' }, h(Stat, { name: 'Balance', value: p.balance, id: 'profile-balance' }),
				h(Stat, { name: 'Earned in all', value: p.lifetimeearned }), h(Stat, { name: 'Spent', value: p.spent }),
				h(Stat, { name: 'Badges', value: p.badgesearned })),
			h(Table, { id: 'profile-badges', caption: 'Badges', rows: p.badges, empty: 'No badges yet.', columns: [
				{ label: 'Badge', key: 'name' }, { label: 'Tier', render: (b) => label(TIERS, b.tier) },
				{ label: 'From', render: (b) => b.challengename || (b.ruleid ? 'rule ' + b.ruleid : b.source) },
				{ label: 'Granted', render: (b) => when(b.grantedat) }] }),
			h(Table, { id: 'profile-challenges', caption: 'Active challenges', rows: p.challenges, empty: 'No active challenges.', columns: [
				{ label: 'Challenge', key: 'name' }, { label: 'Status', render: (c) => status(c.status) },
				{ label: 'Ends', key: 'enddate' }] }),
			h(Table, { id: 'profile-ledger', caption: 'Latest points', rows: p.ledger, empty: 'No points yet.', columns: [
				{ label: 'When', render: (r) => when(r.createdat) }, { label: 'Points', key: 'points', num: true },
				{ label: 'Reason', key: 'reasonlabel' }, { label: 'Notes', key: 'notes' }] }))));
}

const TEAM_FIELDS = [
	{ name: 'name', label: 'Name', required: true },
	{ name: 'description', label: 'Description', type: 'textarea' },
	{ name: 'members', label: 'Members', type: 'textarea', hint: 'one per line or comma: user 17 as 17, a unit as u:3' },
	{ name: 'active', label: 'Active', type: 'checkbox', checked: true },
];

function members(text) {
	return String(text || '').split(/[\s,]+/).filter((part) => part.length > 0).map((part) => part.startsWith('u:')
		? { participanttype: 1, participantid: Number(part.slice(2)) } : { participanttype: 2, participantid: Number(part) });
}

function teamBody(values) {
	const body = sent(TEAM_FIELDS.filter((f) => f.name !== 'members'), values);
	body.members = members(values.members);
	return body;
}

function TeamsPage() {
	const [search, setSearch] = useState('');
	const [open, setOpen] = useState(null);
	const [notice, setNotice] = useState(null);
	const teams = useLoad(() => api('GET', '/challenges/teams' + query({ search, includeinactive: 1, perPage: 100 })), [search]);
	return h(Fragment, null, h(Heading, null, 'Teams and rosters'), h(Notice, null, notice),
		h('form', { class: 'card row', role: 'search', onSubmit: (e) => e.preventDefault() },
			h('div', { class: 'field' }, h('label', { for: 'team-search' }, 'Search by name'),
				h('input', { id: 'team-search', type: 'search', value: search, onInput: (e) => setSearch(e.target.value) }))),
		h(Loaded, { state: teams }, (answer) => h(Table, { id: 'teams', rows: answer.rows, empty: 'No teams yet.', columns: [
			{ label: 'Id', key: 'id', num: true },
			{ label: 'Name', render: (t) => h('button', { type: 'button', class: 'secondary', onClick: () => setOpen(t.id) }, t.name) },
			{ label: 'Members', key: 'membercount', num: true },
			{ label: 'Active', render: (t) => (t.active ? 'yes' : 'no') },
		] })),
		open ? h(TeamRoster, { key: open, id: open, onChanged: () => teams.reload(), onNotice: setNotice }) : null,
		can(WRITE) ? h(Form, { id: 'team-form', title: 'New team', fields: TEAM_FIELDS, submit: 'Create team',
			onSubmit: (values) => api('POST', '/challenges/teams', teamBody(values)),
			onDone: (answer) => {
				setNotice('Team ' + answer.id + ' created.');
				teams.reload();
			} }) : null);
}

function TeamRoster({ id, onChanged, onNotice }) {
	const team = useLoad(() => api('GET', '/challenges/teams' + query({ id })), [id]);
	const [error, setError] = useState(null);
	return h(Loaded, { state: team }, ({ team: t }) => {
		const initial = { name: t.name, description: t.description || '', active: t.active === 1,
			members: t.members.map((m) => (m.participanttype === 1 ? 'u:' : '') + m.participantid).join('\n') };
		return h('section', { class: 'card' }, h('h2', null, 'Team ' + t.name), h(Alert, { error }),
			h(Table, { id: 'roster', caption: 'Roster', rows: t.members, empty: 'No members.', columns: [
				{ label: 'Member', render: (m) => participant(m.participanttype, m.participantid, m.name) }] }),
			can(WRITE) ? h(Form, { id: 'team-edit-form', className: 'plain', fields: TEAM_FIELDS, initial, submit: 'Save team',
				onSubmit: (values) => api('PUT', '/challenges/teams' + query({ id }), teamBody(values)),
				onDone: () => {
					onNotice('Team saved.');
					team.reload();
					onChanged();
				} }) : null,
			can(WRITE) ? h('button', { type: 'button', class: 'secondary', onClick: () => api('DELETE', '/challenges/teams' + query({ id }))
				.then(() => {
					onNotice('Team deactivated.');
					onChanged();
				}, setError) }, 'Deactivate team') : null);
	});
}

// ---------------------------------------------------------------- webhooks, organisation, notifications, jobs

// A delivery pending and due now (or being attempted) is followed until it is sent or put off.
function due(page) {
	return page.rows.some((d) => d.status === 'pending' && Date.parse(d.nextattemptat) < Date.now() + 5000);
}

const WEBHOOK_FIELDS = [
	{ name: 'url', label: 'URL', type: 'url', required: true, hint: 'a public https URL' },
	{ name: 'events', label: 'Events', type: 'multi', options: EVENT_TYPES, initial: ['*'] },
	{ name: 'description', label: 'Description' },
	{ name: 'active', label: 'Active', type: 'checkbox', checked: true },
];

function WebhooksPage() {
	const hooks = useLoad(() => api('GET', '/webhooks' + query({ perPage: 100 })), []);
	const [filter, setFilter] = useState({ subscriptionid: '', status: '', page: 1 });
	const deliveries = useLoad(() => api('GET', '/webhooks/deliveries' + query({ ...filter, perPage: 50 })), [JSON.stringify(filter)], due);
	const [secret, setSecret] = useState(null);
	const { act, setNotice, shown } = useFeedback();
	return h(Fragment, null, h(Heading, null, 'Webhooks'), shown,
		secret ? h('div', { class: 'notice', role: 'status' }, 'Signing secret (shown once, copy it now): ',
			h('span', { class: 'secret', id: 'webhook-secret' }, secret)) : null,
		h(Loaded, { state: hooks }, (answer) => h(Table, { id: 'webhooks', rows: answer.rows, empty: 'No subscriptions yet.', columns: [
			{ label: 'Id', key: 'id', num: true },
			{ label: 'URL', key: 'url' },
			{ label: 'Events', render: (w) => w.events.join(', ') },
			{ label: 'Active', render: (w) => (w.active ? 'yes' : 'no' + (w.disabledreason ? ': ' + w.disabledreason : '')) },
			{ label: 'Actions', render: (w) => h('span', { class: 'row' },
				h('button', { type: 'button', class: 'secondary', onClick: () => setFilter({ ...filter, subscriptionid: String(w.id), page: 1 }) }, 'Deliveries'),
				h('button', { type: 'button', class: 'secondary', onClick: () => act(() => api('PUT', '/webhooks' + query({ id: w.id }), { active: w.active ? 0 : 1 }), hooks.reload) },
					w.active ? 'Pause' : 'Resume'),
				h('button', { type: 'button', class: 'secondary', onClick: () => act(() => api('POST', '/webhooks/rotate' + query({ id: w.id })), (a) => {
					setSecret(a.secret);
					hooks.reload();
				}) }, 'Rotate secret'),
				h('button', { type: 'button', class: 'secondary', onClick: () => act(() => api('DELETE', '/webhooks' + query({ id: w.id })), () => {
					setNotice('Subscription ' + w.id + ' deleted.');
					hooks.reload();
				}) }, 'Delete')) },
		] })),
		h('h2', null, 'Deliveries'),
		h('div', { class: 'card row' },
			h('div', { class: 'field' }, h('label', { for: 'delivery-subscription' }, 'Subscription id'),
				h('input', { id: 'delivery-subscription', type: 'number', value: filter.subscriptionid, onInput: (e) => setFilter({ ...filter, subscriptionid: e.target.value, page: 1 }) })),
			h('div', { class: 'field' }, h('label', { for: 'delivery-status' }, 'Status'),
				h('select', { id: 'delivery-status', value: filter.status, onChange: (e) => setFilter({ ...filter, status: e.target.value, page: 1 }) },
					h('option', { value: '' }, 'Any'), ['pending', 'delivered', 'failed'].map((s) => h('option', { value: s }, s))))),
		h(Loaded, { state: deliveries }, (answer) => h(Fragment, null, h(Table, { id: 'deliveries', rows: answer.rows, empty: 'No deliveries.', columns: [
			{ label: 'Id', key: 'id', num: true },
			{ label: 'Subscription', key: 'subscriptionid', num: true },
			{ label: 'Event', key: 'eventtype' },
			{ label: 'Status', render: (d) => status(d.status) },
			{ label: 'Attempts', key: 'attempts', num: true },
			{ label: 'Last answer', render: (d) => (d.lastresponsecode || '') + (d.lasterror ? ' ' + d.lasterror : '') },
			{ label: 'Next attempt', render: (d) => when(d.nextattemptat) },
			// A refused replay (409: the subscription is inactive) shows the subscription as it is now, to resume.
			{ label: 'Actions', render: (d) => h('button', { type: 'button', class: 'secondary', onClick: () => act(
				() => api('POST', '/webhooks/deliveries/replay' + query({ id: d.id })).finally(() => {
					hooks.reload();
					deliveries.reload();
				}), () => 'Delivery ' + d.id + ' queued again.') }, 'Replay') },
		] }), h(Pager, { page: answer.page, perPage: 50, total: answer.totalrows, onPage: (p) => setFilter({ ...filter, page: p }) }))),
		h(Form, { id: 'webhook-form', title: 'New subscription', fields: WEBHOOK_FIELDS, submit: 'Subscribe',
			onSubmit: (values) => api('POST', '/webhooks', sent(WEBHOOK_FIELDS, values)),
			onDone: (answer) => {
				setSecret(answer.secret);
				hooks.reload();
			} }));
}

const ORGANISATION_FIELDS = [
	{ name: 'timezone', label: 'Time zone', hint: 'an IANA zone, e.g. Europe/Paris: challenge days are days of it' },
	{ name: 'autoclosewithouttoken', label: 'The auto-close hook may be called without a token', type: 'checkbox' },
	{ name: 'pointsexpirydays', label: 'Earned points expire after (days)', type: 'number', clearable: true, hint: 'empty: never' },
];

function OrganisationPage() {
	const organisation = useLoad(() => api('GET', '/organisation'), []);
	const [notice, setNotice] = useState(null);
	return h(Fragment, null, h(Heading, null, 'Organisation settings'), h(Notice, null, notice),
		h(Loaded, { state: organisation }, ({ organisation: o }) => {
			const initial = { timezone: o.timezone, autoclosewithouttoken: o.autoclosewithouttoken,
				pointsexpirydays: o.pointsexpirydays == null ? '' : String(o.pointsexpirydays) };
			return h(Fragment, null, h('section', { class: 'card' }, h('dl', { class: 'facts', id: 'organisation-facts' },
				h('dt', null, 'Organisation'), h('dd', null, o.name + ' (' + o.id + ')'),
				h('dt', null, 'Time zone'), h('dd', null, o.timezone),
				h('dt', null, 'Auto-close without token'), h('dd', null, o.autoclosewithouttoken ? 'allowed' : 'not allowed'),
				h('dt', null, 'Points expiry'), h('dd', null, o.pointsexpirydays == null ? 'never' : o.pointsexpirydays + ' days'))),
			can(WRITE) ? h(Form, { id: 'organisation-form', key: JSON.stringify(initial), title: 'Change settings', fields: ORGANISATION_FIELDS, initial, submit: 'Save settings',
				onSubmit: (values) => api('PUT', '/organisation', sent(ORGANISATION_FIELDS, values, initial)),
				onDone: () => {
					setNotice('Settings saved.');
					organisation.reload();
				} }) : null);
		}));
}

function NotificationsPage() {
	const own = session.caller.role === 'participant';
	const [who, setWho] = useState({ participanttype: '2', participantid: '' });
	const [unread, setUnread] = useState(false);
	const [error, setError] = useState(null);
	const list = useLoad(() => !own && who.participantid === '' ? Promise.resolve(null)
		: api('GET', '/notifications' + query({ ...(own ? {} : who), unread: unread ? 1 : '', perPage: 50 })), [who.participantid, who.participanttype, unread]);
	const mayMark = can(['admin', 'participant']);
	const markAll = () => api('POST', '/notifications/read', own
		? { participanttype: session.caller.participanttype, participantid: session.caller.participantid }
		: { participanttype: Number(who.participanttype), participantid: Number(who.participantid) }).then(list.reload, setError);
	return h(Fragment, null, h(Heading, null, own ? 'My notifications' : 'Notifications'), h(Alert, { error }),
		h('div', { class: 'card row' },
			own ? null : h(Fragment, null,
				h('div', { class: 'field' }, h('label', { for: 'notification-type' }, 'Participant type'),
					h('select', { id: 'notification-type', value: who.participanttype, onChange: (e) => setWho({ ...who, participanttype: e.target.value }) },
						SCOPES.map(([k, v]) => h('option', { value: k }, v)))),
				h('div', { class: 'field' }, h('label', { for: 'notification-id' }, 'Participant id'),
					h('input', { id: 'notification-id', type: 'number', value: who.participantid, onInput: (e) => setWho({ ...who, participantid: e.target.value }) }))),
			h('div', { class: 'field check' }, h('input', { id: 'notification-unread', type: 'checkbox', checked: unread, onChange: (e) => setUnread(e.target.checked) }),
				h('label', { for: 'notification-unread' }, 'Unread only')),
			mayMark ? h('button', { type: 'button', class: 'secondary', onClick: markAll }, 'Mark all read') : null),
		h(Loaded, { state: list }, (answer) => answer == null ? h('p', { class: 'hint' }, 'Choose a participant.') : h(Fragment, null,
			h('p', null, answer.unreadcount + ' unread of ' + answer.totalrows),
			h(Table, { id: 'notifications', rows: answer.rows, empty: 'No notifications.', columns: [
				{ label: 'When', render: (n) => when(n.createdat) },
				{ label: 'Title', key: 'title' },
				{ label: 'Read', render: (n) => (n.read ? 'yes' : 'no') },
			] }))));
}

function JobsPage() {
	const [filter, setFilter] = useState({ status: '', type: '', page: 1 });
	const [error, setError] = useState(null);
	const jobs = useLoad(() => api('GET', '/jobs' + query({ ...filter, perPage: 50 })), [JSON.stringify(filter)], (page) => running(page.rows));
	const cancel = (job) => api('POST', '/jobs/cancel' + query({ id: job.id })).then(jobs.reload, setError);
	return h(Fragment, null, h(Heading, null, 'Jobs'), h(Alert, { error }),
		h('div', { class: 'card row' },
			h('div', { class: 'field' }, h('label', { for: 'job-status' }, 'Status'),
				h('select', { id: 'job-status', value: filter.status, onChange: (e) => setFilter({ ...filter, status: e.target.value, page: 1 }) },
					h('option', { value: '' }, 'Any'), JOB_STATUSES.map((s) => h('option', { value: s }, s)))),
			h('div', { class: 'field' }, h('label', { for: 'job-type' }, 'Type'),
				h('select', { id: 'job-type', value: filter.type, onChange: (e) => setFilter({ ...filter, type: e.target.value, page: 1 }) },
					h('option', { value: '' }, 'Any'), JOB_TYPES.map((s) => h('option', { value: s }, s))))),
		h(Loaded, { state: jobs }, (answer) => h(Fragment, null, h(JobsTable, { jobs: answer.rows, id: 'jobs', onCancel: cancel }),
			h(Pager, { page: answer.page, perPage: 50, total: answer.totalrows, onPage: (p) => setFilter({ ...filter, page: p }) }))));
}

// ---------------------------------------------------------------- shell

const PAGES = [
	{ path: 'challenges', title: 'Challenges', roles: READ, render: () => h(ChallengesPage) },
	{ path: 'badges', title: 'Badges', roles: EVERYONE, render: () => h(BadgesPage) },
	{ path: 'rules', title: 'Auto-rules', roles: READ, render: () => h(RulesPage) },
	{ path: 'points', title: 'Points', roles: EVERYONE, render: () => h(PointsPage) },
	{ path: 'profile', title: 'Profile', roles: EVERYONE, render: () => h(ProfilePage) },
	{ path: 'teams', title: 'Teams', roles: READ, render: () => h(TeamsPage) },
	{ path: 'notifications', title: 'Notifications', roles: EVERYONE, render: () => h(NotificationsPage) },
	{ path: 'jobs', title: 'Jobs', roles: READ, render: () => h(JobsPage) },
	{ path: 'webhooks', title: 'Webhooks', roles: WRITE, render: () => h(WebhooksPage) },
	{ path: 'organisation', title: 'Organisation', roles: READ, render: () => h(OrganisationPage) },
];

function page(route) {
	const [first, second, third] = route;
	if (first === 'challenges' && second === 'new' && can(WRITE)) {
		return h(NewChallengePage);
	}
	if (first === 'challenges' && second && /^\d+$/.test(second)) {
		const id = Number(second);
		return third === 'results' && can(READ) ? h(ResultsPage, { id }) : h(ChallengePage, { id });
	}
	const found = PAGES.find((p) => p.path === first && can(p.roles));
	if (found) {
		return found.render();
	}
	const home = PAGES.find((p) => can(p.roles));
	return h(Fragment, null, h(Heading, null, 'Not here'), h('p', null, 'This page does not exist or your role may not see it. ',
		home ? h('a', { href: '#/' + home.path }, 'Go to ' + home.title) : null));
}

function Shell() {
	const route = useRoute();
	const caller = session.caller;
	const [menu, setMenu] = useState(false);
	useEffect(() => setMenu(false), [route.join('/')]);
	return h(Fragment, null,
		h('a', { class: 'skip', href: '#main', onClick: (e) => {
			e.preventDefault();
			document.getElementById('main').focus();
		} }, 'Skip to content'),
		h('header', { class: 'top' },
			h('a', { class: 'brand', href: '#/' }, 'Podium'),
			h('button', { type: 'button', class: 'menu-toggle', 'aria-expanded': String(menu), 'aria-controls': 'pages',
				onClick: () => setMenu(!menu) }, menu ? 'Close menu' : 'Menu'),
			h('nav', { 'aria-label': 'console', id: 'pages', class: menu ? 'open' : undefined }, h('ul', null, PAGES.filter((p) => can(p.roles)).map((p) =>
				h('li', null, h('a', { href: '#/' + p.path, 'aria-current': route[0] === p.path ? 'page' : undefined }, p.title))))),
			h('div', { class: 'who' }, h('span', { id: 'caller-role' }, caller.role + ' · organisation ' + caller.organisationid),
				h('button', { type: 'button', id: 'sign-out', onClick: () => signOut() }, 'Sign out'))),
		h('main', { id: 'main', tabIndex: -1 }, h(Fragment, { key: route.join('/') }, page(route))));
}

let booted = false;

function renderApp(message) {
	const root = document.getElementById('app');
	if (!booted) {
		root.textContent = '';
		booted = true;
	}
	render(session.caller ? h(Shell) : h(Login, { message }), root);
}

async function start() {
	if (session.token) {
		try {
			session.caller = await api('GET', '/me');
		}
		catch (ignored) {
			session.caller = null;
			session.token = null;
			sessionStorage.removeItem(TOKEN_KEY);
		}
	}
	renderApp();
}

start();
