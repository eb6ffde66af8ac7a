#!/usr/bin/Rscript
# scripts/bench peer: R with data.table, igraph and sna doing the work of
# `samnett analyze`.
#
# Usage: peer_r.R DATA_DIR [--dense]
#
# Reads the contacts with data.table, aggregates them to directed ties weighted
# by number of contacts (self-contacts dropped), then computes with igraph
# degree, betweenness (directed, unweighted, raw), PageRank (0.85, weighted)
# and Burt's constraint (weighted); with sna the Gould-Fernandez brokerage by
# organisation; and the E-I index by organisation with data.table. Prints one
# JSON line.
#
# sna::brokerage takes any sna graph: by default the ties go in as an sna
# edgelist (sparse). --dense passes an n x n adjacency matrix instead, as many
# sna examples do; at national scale that matrix alone is about 1.1 GB.
suppressPackageStartupMessages({
    library(data.table)
    library(igraph)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
dense <- "--dense" %in% args

steps <- list()
t0 <- proc.time()[["elapsed"]]
lap <- function(name) {
    t <- proc.time()[["elapsed"]]
    steps[[name]] <<- round(t - t0, 3)
    t0 <<- t
    message(name, " done in ", steps[[name]], " s") # for scripts/bench on a timeout
}

actors <- fread(file.path(dir, "actors.csv"), select = c("id", "organisation"),
                colClasses = "character", na.strings = NULL)
contacts <- fread(file.path(dir, "contacts.csv"), select = c("from", "to"))
ties <- contacts[from != to, .(weight = .N), by = .(from, to)]
rm(contacts)
lap("read")

g <- graph_from_data_frame(ties, directed = TRUE, vertices = actors)
lap("graph")

deg_in <- degree(g, mode = "in")
deg_out <- degree(g, mode = "out")
lap("degree")
bet <- betweenness(g, directed = TRUE, weights = NA, normalized = FALSE)
lap("betweenness")
pr <- page_rank(g, damping = 0.85, directed = TRUE, weights = E(g)$weight)$vector
lap("pagerank")
con <- constraint(g, weights = E(g)$weight)
lap("constraint")

n <- nrow(actors)
if (dense) {
    adj <- as_adjacency_matrix(g, sparse = FALSE)
} else {
    adj <- cbind(match(ties$from, actors$id), match(ties$to, actors$id), 1)
    attr(adj, "n") <- n
}
br <- sna::brokerage(adj, actors$organisation)
rm(adj)
lap("brokerage")

org <- setNames(actors$organisation, actors$id)
internal <- ties[org[from] == org[to], .N]
ei <- (nrow(ties) - 2 * internal) / nrow(ties)
lap("ei")

# sna's columns: w_I coordinator, w_O itinerant, b_IO representative,
# b_OI gatekeeper, b_O liaison, t total
roles <- colSums(br$raw.nli)
num <- function(x) format(x, digits = 17)
str <- function(x) paste0('"', x, '"')
ids <- actors$id
fields <- c(
    tool = str(if (dense) "R-dense" else "R"),
    nodes = n,
    ties = nrow(ties),
    betweenness_sum = num(sum(bet)),
    top_betweenness = str(ids[which.max(bet)]),
    top_pagerank = str(ids[which.max(pr)]),
    constraint_mean = num(mean(con[is.finite(con)])),
    brokerage = sprintf('{"coordinator": %d, "itinerant": %d, "representative": %d, "gatekeeper": %d, "liaison": %d}',
                        roles[["w_I"]], roles[["w_O"]], roles[["b_IO"]], roles[["b_OI"]], roles[["b_O"]]),
    top_broker = str(ids[which.max(br$raw.nli[, "t"])]),
    ei = num(ei),
    seconds = paste0("{", paste0('"', names(steps), '": ', unlist(steps), collapse = ", "), "}")
)
cat("{", paste0('"', names(fields), '": ', fields, collapse = ", "), "}\n", sep = "")
