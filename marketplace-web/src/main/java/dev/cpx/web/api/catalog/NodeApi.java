package dev.cpx.web.api.catalog;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.InvalidCpidException;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.api.catalog.CatalogResponses.Node;
import dev.cpx.web.api.input.Paging;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Providers register their nodes under CPIDs and list their own. */
@RestController
@RequestMapping("/api/v1/nodes")
@Tag(name = "Nodes")
class NodeApi {

    private final NodeService nodes;

    NodeApi(NodeService nodes) {
        this.nodes = nodes;
    }

    record RegisterNode(@NotBlank @Size(max = 64) String cpid, @NotBlank @Size(max = 32) String computeClass,
                        @NotNull Integer gpuCount) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.REGISTER_NODES)
    @Operation(summary = "Register a node; 400 bad CPID (naming the part), 403 CPID of another provider, 409 exists")
    Node register(CpxPrincipal caller, @Valid @RequestBody RegisterNode request) {
        Cpid cpid = parse(request.cpid());
        var registration = new NodeRegistration(cpid, request.computeClass().strip(), request.gpuCount());
        return Node.of(nodes.register(caller.organization(), registration));
    }

    @PostMapping("/{cpid}/retire")
    @PreAuthorize(ApiAccess.REGISTER_NODES)
    @Operation(summary = "Take an own node out of service for good: its GPUs leave the market's capacity and asks they "
            + "backed are cancelled (capacity-lost); 404 not an own node, 409 already retired or still allocated")
    Node retire(CpxPrincipal caller, @PathVariable String cpid) {
        return Node.of(nodes.retire(caller.organization(), parse(cpid)));
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ_NODES)
    @Operation(summary = "The caller's own nodes, by CPID; page 0 to 10000, size 1 to 500 (400 outside)")
    List<Node> list(CpxPrincipal caller, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "100") int size) {
        return nodes.nodes(caller.organization(), Paging.within("page", page, 0, Paging.MAX_PAGE),
                Paging.within("size", size, 1, NodeService.MAX_PAGE_SIZE)).stream().map(Node::of).toList();
    }

    static Cpid parse(String text) {
        try {
            return Cpid.parse(text.strip());
        } catch (InvalidCpidException e) {
            throw new CpxException(ErrorCode.INVALID_CPID, e.getMessage(),
                    List.of(new FieldError("cpid", e.part() + ": " + e.getMessage())))
                    .with("part", e.part());
        }
    }
}
