package dev.cpx.web.portal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.identity.IdentityService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The nodes page's registration form: the help text's example and a new site, which is never made by accident. */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:market-pages;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class NodesPageTests {

    @Autowired
    WebApplicationContext context;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void theExampleIsAtAnExistingSiteAndANewSiteMustBeSaid() throws Exception {
        MockHttpSession gzdh = signIn("ops@gzdh.demo");
        List<NodeView> own = nodes.nodes(identity.organizationByCode("GZDH").orElseThrow(), 0, 500);
        String site = own.stream().map(NodeView::site).sorted().findFirst().orElseThrow();

        String page = mvc.perform(get("/nodes").session(gzdh)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Build the CPID", "the next node at <span class=\"mono\">" + site + "</span>")
                .doesNotContain("SITE1");

        String newSite = Cpid.of("CN-WEST", "GZDH", "NEWS1", "N0001").value();
        String refused = mvc.perform(register(gzdh, newSite, false)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("site NEWS1 is not one of your sites (" + site);
        assertThat(nodes.nodes(identity.organizationByCode("GZDH").orElseThrow(), 0, 500))
                .extracting(NodeView::cpid).doesNotContain(newSite);

        mvc.perform(register(gzdh, newSite, true)).andExpect(redirectedUrl("/nodes"));
        String atExisting = Cpid.of("CN-WEST", "GZDH", site, "N7777").value();
        mvc.perform(register(gzdh, atExisting, false)).andExpect(redirectedUrl("/nodes"));
        assertThat(nodes.nodes(identity.organizationByCode("GZDH").orElseThrow(), 0, 500))
                .extracting(NodeView::cpid).contains(newSite, atExisting);
    }

    private org.springframework.test.web.servlet.RequestBuilder register(MockHttpSession session, String cpid,
                                                                         boolean newSite) {
        var request = post("/nodes").session(session).with(csrf()).param("cpid", cpid)
                .param("computeClass", "H20-96G").param("gpuCount", "8");
        return newSite ? request.param("newSite", "true") : request;
    }

    private MockHttpSession signIn(String email) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(email).password("demo-pass-1"))
                .andExpect(status().is3xxRedirection())
                .andReturn().getRequest().getSession(false);
    }
}
