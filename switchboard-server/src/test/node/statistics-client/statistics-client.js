// Genesys's Node statistics client (npm genesys-statistics-client-js 9.0.2), used exactly as its documentation says,
// against a running Switchboard: a token from /auth/v3/oauth/token, initialize, createSubscription, updates as calls
// flow (driven here through GWS and the simulator API), peekSubscriptionStats, getStatValue(s), deleteSubscription.
// Usage: node statistics-client.js http://127.0.0.1:PORT   Prints one line per step; exits 0 when all passed.
'use strict';

const Statistics = require('genesys-statistics-client-js');

const base = process.argv[2];
const deadline = setTimeout(() => fail('timed out'), 30000);

function fail(why) {
    console.log('FAIL ' + why);
    process.exit(1);
}

function check(condition, what) {
    if (!condition) {
        fail(what);
    }
    console.log('ok ' + what);
}

const basic = (user, password) => 'Basic ' + Buffer.from(user + ':' + password).toString('base64');

async function gws(method, path, user, body) {
    const response = await fetch(base + path, {
        method,
        headers: {Authorization: basic(user, 'password'), 'Content-Type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const json = await response.json();
    if (response.status !== 200) {
        fail(method + ' ' + path + ' as ' + user + ': ' + response.status + ' ' + JSON.stringify(json));
    }
    return json;
}

async function token(user) {
    const response = await fetch(base + '/auth/v3/oauth/token', {
        method: 'POST',
        headers: {Authorization: basic('switchboard', 'switchboard'), 'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({grant_type: 'password', username: user, password: 'password', client_id: 'switchboard'})
    });
    const json = await response.json();
    if (response.status !== 200) {
        fail('token: ' + response.status + ' ' + JSON.stringify(json));
    }
    return json.access_token;
}

// Every update the client emits, and waiters for the one a step expects.
const updates = [];
let waiters = [];

function onUpdate(data) {
    const statistics = (data && data.data && data.data.statistics) || (data && data.statistics) || [];
    statistics.forEach(s => updates.push(s));
    waiters = waiters.filter(waiter => !waiter());
}

function update(statisticId, test, what) {
    return new Promise(resolve => {
        const waiter = () => {
            const found = updates.find(s => s.statisticId === statisticId && test(s.value));
            if (found) {
                console.log('ok update ' + what + ' ' + JSON.stringify(found.value));
                resolve(found);
                return true;
            }
            return false;
        };
        if (!waiter()) {
            waiters.push(waiter);
        }
    });
}

async function main() {
    const client = new Statistics('any-api-key', base);
    let serviceState = null;
    client.on(client.SERVICE_CHANGE_EVENT, data => {
        serviceState = (data && data.data && data.data.serviceState) || (data && data.serviceState);
    });
    client.on(client.UPDATES_EVENT, onUpdate);
    await client.initialize(await token('supervisor1'));
    console.log('ok initialized');

    const operationId = 'node-' + Date.now();
    const created = await client.createSubscription(operationId, [
        {statisticId: 'state', objectId: 'agent1', objectType: 'Agent', name: 'CurrentAgentState'},
        {statisticId: 'waiting', objectId: '8000', objectType: 'Queue', name: 'CurrentNumberWaitingCalls'},
        {statisticId: 'handled', objectId: 'agent1', objectType: 'Agent', name: 'TotalHandledCalls'},
        {statisticId: 'offered', objectId: '7000', objectType: 'RoutePoint', name: 'TotalOfferedCalls'}
    ]);
    check(created.status.code === 0 && created.data.subscriptionId === operationId, 'createSubscription ' + operationId);
    check(created.data.statistics.length === 4 && created.data.statistics[0].objectId === 'agent1', 'createSubscription values');
    const handledBefore = created.data.statistics[2].value.intValue;
    const offeredBefore = created.data.statistics[3].value.intValue;

    // agent1 logs in and goes Ready; a customer calls 7000, agent1 answers, the customer hangs up.
    await gws('POST', '/api/v2/me', 'agent1', {operationName: 'StartContactCenterSession', channels: ['voice']});
    await gws('POST', '/api/v2/me/channels/voice', 'agent1', {operationName: 'Ready'});
    await update('state', v => v.state === 'Ready', 'agent1 Ready');
    const placed = await gws('POST', '/sim/v1/calls', 'admin', {from: '5551001', to: '7000'});
    await update('waiting', v => v.intValue === 1, 'a call waits');
    await update('offered', v => v.intValue === offeredBefore + 1, 'offered at 7000');
    const calls = await gws('GET', '/api/v2/me/calls?fields=id', 'agent1');
    await gws('POST', '/api/v2/me/calls/' + calls.calls[0].id, 'agent1', {operationName: 'Answer'});
    await update('waiting', v => v.intValue === 0, 'answered: none waits');
    await gws('POST', '/sim/v1/calls/' + placed.id, 'admin', {operationName: 'Hangup'});
    await update('handled', v => v.intValue === handledBefore + 1, 'agent1 handled one more');
    check(serviceState === 'Available', 'service state Available');

    const peeked = await client.peekSubscriptionStats(operationId);
    const handled = peeked.data.statistics.find(s => s.statisticId === 'handled');
    check(peeked.status.code === 0 && handled.value.intValue === handledBefore + 1, 'peekSubscriptionStats');
    const one = await client.getStatValue('CurrentNumberWaitingCalls', '8000', 'Queue');
    check(one.data.statistic.value.intValue === 0, 'getStatValue');
    const several = await client.getStatValues([
        {objectId: '8000', objectType: 'Queue', name: 'TotalAnsweredCalls'},
        {objectId: 'Sales', objectType: 'AgentGroup', name: 'TotalHandledCalls'}]);
    check(several.data.statistics.length === 2 && several.data.statistics[1].value.intValue >= 1, 'getStatValues');
    const deleted = await client.deleteSubscription(operationId);
    check(deleted.status.code === 0, 'deleteSubscription');
    await gws('POST', '/api/v2/me', 'agent1', {operationName: 'EndContactCenterSession'});
    client.destroy();
    clearTimeout(deadline);
    console.log('PASS');
    process.exit(0);
}

main().catch(error => fail(error && error.stack || error));
