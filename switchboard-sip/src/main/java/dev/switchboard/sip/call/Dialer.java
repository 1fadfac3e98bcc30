package dev.switchboard.sip.call;

import dev.switchboard.sip.DialRequest;
import dev.switchboard.sip.LegDirection;
import dev.switchboard.sip.LegState;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.registrar.Binding;
import dev.switchboard.sip.registrar.BindingTable;
import dev.switchboard.sip.stack.SipMessages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound INVITEs: to a DN's most recent binding (request URI = its Contact, sent to the REGISTER's source address
 * and transport) or to a trunk's URI template. The leg is returned at once; sending happens on the signalling thread
 * and every outcome, including "not registered" (480) or "no trunk" (404), comes through the listener.
 */
public final class Dialer {

    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

    private final CallContext ctx;
    private final BindingTable bindings;

    public Dialer(CallContext ctx, BindingTable bindings) {
        this.ctx = ctx;
        this.bindings = bindings;
    }

    public SipLeg dial(DialRequest request) {
        String callId = ctx.provider().getNewCallId().getCallId();
        Optional<Binding> binding = request.viaTrunk() ? Optional.empty() : bindings.preferred(request.target());
        String transport = binding.map(Binding::transport).orElse(ListeningPoint.UDP);
        LegImpl leg = new LegImpl(ctx, callId, request.viaTrunk() ? LegDirection.OUTBOUND_TRUNK : LegDirection.OUTBOUND_PHONE,
                transport, LegState.CALLING);
        leg.listen(request.listener());
        leg.sdp.local(request.local());
        ctx.signalling().execute(() -> {
            try {
                send(leg, request, binding);
            } catch (Exception e) {
                LOG.warn("{}: INVITE to {} not sent", leg.id(), request.target(), e);
                leg.end(ReleaseCause.NETWORK, Response.SERVICE_UNAVAILABLE);
            }
        });
        return leg;
    }

    private void send(LegImpl leg, DialRequest request, Optional<Binding> binding) throws Exception {
        URI requestUri;
        if (request.viaTrunk()) {
            Optional<String> trunkUri = ctx.config().trunks().stream().map(t -> t.outboundUri(request.target()))
                    .flatMap(Optional::stream).findFirst();
            if (trunkUri.isEmpty()) {
                leg.end(ReleaseCause.LOCAL, Response.NOT_FOUND);
                return;
            }
            requestUri = ctx.messages().addressFactory().createURI(trunkUri.get());
        } else if (binding.isEmpty()) {
            leg.end(ReleaseCause.LOCAL, Response.TEMPORARILY_UNAVAILABLE);
            return;
        } else {
            requestUri = ctx.messages().addressFactory().createURI(binding.get().contactUri());
            leg.allowsTalk = binding.get().allowsTalk();
        }
        Request invite = invite(leg, request, requestUri);
        ctx.legs().add(leg);
        binding.ifPresent(b -> ctx.router().pin(leg.callId(), b.sourceHost(), b.sourcePort(), b.transport()));
        ClientTransaction transaction = ctx.provider().getNewClientTransaction(invite);
        transaction.setApplicationData(LegSignalling.Purpose.INVITE);
        leg.signalling.tune(transaction);
        leg.inviteClient = transaction;
        leg.initialInvite = invite;
        leg.dialog = ctx.provider().getNewDialog(transaction);
        leg.dialog.setApplicationData(leg);
        transaction.sendRequest();
        LOG.info("{}: calling {} at {}", leg.id(), request.target(), requestUri);
    }

    private Request invite(LegImpl leg, DialRequest request, URI requestUri) throws Exception {
        AddressFactory addresses = ctx.messages().addressFactory();
        HeaderFactory headers = ctx.messages().headerFactory();
        String host = ctx.config().host();
        SipURI fromUri = addresses.createSipURI(request.from().user(), host);
        Address from = addresses.createAddress(fromUri);
        if (request.from().displayName() != null) {
            from.setDisplayName(request.from().displayName());
        }
        Address to = addresses.createAddress(toUri(requestUri, request.target(), host));
        CallIdHeader callId = headers.createCallIdHeader(leg.callId());
        ViaHeader via = headers.createViaHeader(host, ctx.port(), leg.transport, null);
        Request invite = ctx.messages().messageFactory().createRequest(requestUri, Request.INVITE, callId,
                headers.createCSeqHeader(1L, Request.INVITE), headers.createFromHeader(from, SipMessages.newTag()),
                headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(70));
        invite.setHeader(ctx.contact(leg.transport));
        invite.setHeader(headers.createHeader("User-Agent", ctx.messages().userAgent()));
        ctx.messages().setList(invite, "Allow", InDialogHandler.ALLOW);
        invite.setHeader(headers.createHeader("Supported", "timer"));
        for (Map.Entry<String, String> header : request.extraHeaders().entrySet()) {
            invite.addHeader(headers.createHeader(header.getKey(), header.getValue()));
        }
        ctx.messages().setSdp(invite, leg.sdp.offer());
        return invite;
    }

    /** The To URI: the request URI when it names the target (trunks), else the AOR at our host (a phone's Contact). */
    private URI toUri(URI requestUri, String target, String host) throws java.text.ParseException {
        if (requestUri instanceof SipURI && target.equals(((SipURI) requestUri).getUser())) {
            return requestUri;
        }
        return ctx.messages().addressFactory().createSipURI(target, host);
    }
}
