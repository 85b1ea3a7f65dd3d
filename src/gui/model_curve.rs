//! The learning curve in the Model backends window: the built-in
//! recommender cross-validated on the annotator's documents on a worker
//! thread, F1 by share of the training documents drawn with `egui_plot`.

use crate::model::{CrossValidation, TrainingData, TrainingOptions, TrainingSelection, cross_validate};
use crate::project::Project;

const FOLDS: usize = 5;

#[derive(Default)]
pub struct LearningCurve {
    measuring: Option<super::tasks::Task<Result<CrossValidation, String>>>,
    result: Option<Result<CrossValidation, String>>,
}

impl LearningCurve {
    pub fn ui(&mut self, ui: &mut egui::Ui, project: Option<&Project>, annotator: &str) {
        if let Some(task) = self.measuring.take() {
            match task.try_take() {
                Ok(result) => self.result = Some(result.unwrap_or_else(|stopped| Err(stopped.to_string()))),
                Err(task) => self.measuring = Some(task),
            }
        }
        ui.heading("Learning curve");
        let ready = self.measuring.is_none() && project.is_some() && !annotator.is_empty();
        let button = ui
            .add_enabled(ready, egui::Button::new("Measure"))
            .on_hover_text(format!(
                "{FOLDS}-fold cross-validation over your documents in progress, done or reviewed, as `spanwright train` does"
            ));
        if button.clicked()
            && let Some(project) = project
        {
            self.start(project, annotator, ui.ctx());
        }
        if self.measuring.is_some() {
            ui.label("measuring…");
        }
        match &self.result {
            Some(Ok(validation)) => {
                ui.label(format!(
                    "overall F1 {:.3} (precision {:.3}, recall {:.3})",
                    validation.scores.overall.f1(),
                    validation.scores.overall.precision(),
                    validation.scores.overall.recall()
                ));
                let points: Vec<[f64; 2]> = validation
                    .learning_curve
                    .iter()
                    .map(|p| [p.percent as f64, p.f1])
                    .collect();
                egui_plot::Plot::new("learning-curve")
                    .height(160.0)
                    .include_x(0.0)
                    .include_x(100.0)
                    .include_y(0.0)
                    .include_y(1.0)
                    .x_axis_label("% of training documents")
                    .y_axis_label("F1")
                    .allow_drag(false)
                    .allow_zoom(false)
                    .show(ui, |plot| {
                        plot.line(egui_plot::Line::new("F1", points.clone()));
                        plot.points(egui_plot::Points::new("F1", points).radius(3.0));
                    });
            }
            Some(Err(message)) => {
                ui.label(format!("⚠ {message}"));
            }
            None => {}
        }
    }

    fn start(&mut self, project: &Project, annotator: &str, ctx: &egui::Context) {
        let project = project.clone();
        let annotator = annotator.to_owned();
        self.measuring = Some(super::tasks::Task::spawn("learning-curve", Some(ctx), move || {
            let data = TrainingData::load(&project, &TrainingSelection::of(vec![annotator]));
            cross_validate(&data.documents, FOLDS, &TrainingOptions::for_project(&project))
                .map_err(|err| err.to_string())
        }));
    }
}
