//! A small maximum-flow network with integer capacities (Dinic), for the
//! exact payments (`plan.rs`) and the greedy first plan (`model::greedy`).
//! Integer capacities give an integer maximum flow, so amounts in đồng stay
//! exact.

use std::collections::VecDeque;

/// A small Dinic maximum-flow network with integer capacities.
#[derive(Debug, Clone)]
pub struct Network {
    /// (to, capacity left, index of the reverse edge)
    edges: Vec<(usize, i64, usize)>,
    original: Vec<i64>,
    adjacency: Vec<Vec<usize>>,
}

impl Network {
    pub fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            original: Vec::new(),
            adjacency: vec![Vec::new(); nodes],
        }
    }

    pub fn add_edge(&mut self, from: usize, to: usize, capacity: i64) -> usize {
        let forward = self.edges.len();
        self.edges.push((to, capacity, forward + 1));
        self.edges.push((from, 0, forward));
        self.original.push(capacity);
        self.original.push(0);
        self.adjacency[from].push(forward);
        self.adjacency[to].push(forward + 1);
        forward
    }

    /// Give edge `edge` `extra` more capacity, keeping the flow it carries.
    pub fn widen(&mut self, edge: usize, extra: i64) {
        self.edges[edge].1 += extra;
        self.original[edge] += extra;
    }

    pub fn flow(&self, edge: usize) -> i64 {
        self.original[edge] - self.edges[edge].1
    }

    pub fn max_flow(&mut self, source: usize, sink: usize) -> i64 {
        let mut total = 0;
        loop {
            let level = self.levels(source);
            if level[sink] < 0 {
                return total;
            }
            let mut cursor = vec![0; self.adjacency.len()];
            loop {
                let pushed = self.push(source, sink, i64::MAX, &level, &mut cursor);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
    }

    fn levels(&self, source: usize) -> Vec<i64> {
        let mut level = vec![-1; self.adjacency.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &e in &self.adjacency[node] {
                let (to, capacity, _) = self.edges[e];
                if capacity > 0 && level[to] < 0 {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        level
    }

    fn push(
        &mut self,
        node: usize,
        sink: usize,
        limit: i64,
        level: &[i64],
        cursor: &mut [usize],
    ) -> i64 {
        if node == sink {
            return limit;
        }
        while cursor[node] < self.adjacency[node].len() {
            let e = self.adjacency[node][cursor[node]];
            let (to, capacity, reverse) = self.edges[e];
            if capacity > 0 && level[to] == level[node] + 1 {
                let pushed = self.push(to, sink, limit.min(capacity), level, cursor);
                if pushed > 0 {
                    self.edges[e].1 -= pushed;
                    self.edges[reverse].1 += pushed;
                    return pushed;
                }
            }
            cursor[node] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::Network;

    #[test]
    fn max_flow_of_a_small_network() {
        // Two demands of 5 and 4 sharing pools of 6 and 2: only 8 can flow.
        let mut n = Network::new(6);
        n.add_edge(0, 2, 5);
        n.add_edge(0, 3, 4);
        n.add_edge(2, 4, 100);
        n.add_edge(3, 4, 100);
        n.add_edge(3, 5, 100);
        n.add_edge(4, 1, 6);
        n.add_edge(5, 1, 2);
        assert_eq!(n.max_flow(0, 1), 8);
    }
}
