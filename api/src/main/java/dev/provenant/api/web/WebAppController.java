package dev.provenant.api.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web app's pages. The app itself is {@code static/index.html} with its modules under
 * {@code static/ui/}; GraphiQL is {@code static/graphiql.html}, whose libraries are served from the
 * jar ({@code /vendor/graphiql}, React from WebJars), so it renders without internet access.
 */
@Controller
public class WebAppController {

    @GetMapping("/graphiql")
    public String graphiql() {
        return "forward:/graphiql.html";
    }
}
